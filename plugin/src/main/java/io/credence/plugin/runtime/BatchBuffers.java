package io.credence.plugin.runtime;

import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.ModelCard;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Direct buffers for up to {@code capacity} rows, reused batch after batch by one thread at a
 * time: rows are copied straight into the memory ONNX Runtime reads, and the results land in
 * memory it writes, so a batch allocates neither Java arrays nor native buffers. Only the
 * (cheap, zero-copy) tensor wrappers are made per batch, because the batch size varies.
 */
final class BatchBuffers {

    final int capacity;
    final int[] floatsPerRow;
    final FloatBuffer[] inputs;
    final FloatBuffer output;
    final int outputWidth;
    private int rows;

    BatchBuffers(ModelCard card, int outputWidth, int capacity) {
        this.capacity = capacity;
        this.outputWidth = outputWidth;
        List<InputSpec> specs = card.inputs();
        floatsPerRow = new int[specs.size()];
        inputs = new FloatBuffer[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            floatsPerRow[i] = specs.get(i).floatsPerRow();
            inputs[i] = direct(floatsPerRow[i] * capacity);
        }
        output = direct(outputWidth * capacity);
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Starts a new batch. */
    void clear() {
        rows = 0;
    }

    /** Appends one encoded row (one array per input, card order). */
    void add(List<float[]> row) {
        if (rows == capacity) {
            throw new IllegalStateException("the batch is full (" + capacity + " rows)");
        }
        for (int i = 0; i < inputs.length; i++) {
            inputs[i].put(rows * floatsPerRow[i], row.get(i));
        }
        rows++;
    }

    /** Replaces the batch with {@code rows} rows already laid out per input (row-major). */
    void load(List<float[]> perInput, int rows) {
        if (rows > capacity) {
            throw new IllegalStateException("the batch is full (" + capacity + " rows)");
        }
        for (int i = 0; i < inputs.length; i++) {
            inputs[i].put(0, perInput.get(i), 0, rows * floatsPerRow[i]);
        }
        this.rows = rows;
    }

    int rows() {
        return rows;
    }

    /** Input {@code i} for the rows added so far, a zero-copy view. */
    FloatBuffer input(int i) {
        return inputs[i].duplicate().position(0).limit(rows * floatsPerRow[i]).slice();
    }

    /** The output for the rows added so far, a zero-copy view ONNX Runtime writes into. */
    FloatBuffer outputView() {
        return output.duplicate().position(0).limit(rows * outputWidth).slice();
    }
}

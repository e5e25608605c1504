package io.credence.plugin.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.ModelCard;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Native tensors for scoring one row, made once and reused call after call: one input tensor per
 * ONNX input over a direct buffer the row is copied into, and a pinned output tensor ONNX Runtime
 * writes the result into. A one-row call then creates no tensor and allocates no native memory.
 * A slot is used by one thread at a time ({@link ModelSession} keeps a pool of them).
 */
final class RowSlot implements AutoCloseable {

    private final FloatBuffer[] inputBuffers;
    private final Map<String, OnnxTensor> inputs;
    private final FloatBuffer outputBuffer;
    private final Map<String, OnnxTensor> pinnedOutput;

    RowSlot(OrtEnvironment environment, ModelCard card, int outputWidth, long[] outputShape) throws OrtException {
        List<InputSpec> specs = card.inputs();
        inputBuffers = new FloatBuffer[specs.size()];
        Map<String, OnnxTensor> in = new HashMap<>(specs.size() * 2);
        OnnxTensor output = null;
        try {
            for (int i = 0; i < specs.size(); i++) {
                InputSpec spec = specs.get(i);
                inputBuffers[i] = direct(spec.floatsPerRow());
                in.put(spec.name(), OnnxTensor.createTensor(environment, inputBuffers[i], spec.shape(1)));
            }
            outputBuffer = direct(outputWidth);
            output = OnnxTensor.createTensor(environment, outputBuffer, outputShape);
        } catch (OrtException | RuntimeException e) {
            in.values().forEach(OnnxTensor::close);
            throw e;
        }
        inputs = Map.copyOf(in);
        pinnedOutput = Map.of(card.output().name(), output);
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Copies one encoded row (one array per input, card order) into the input tensors. */
    void load(List<float[]> row) {
        for (int i = 0; i < inputBuffers.length; i++) {
            inputBuffers[i].clear();
            inputBuffers[i].put(row.get(i));
        }
    }

    Map<String, OnnxTensor> inputs() {
        return inputs;
    }

    Map<String, OnnxTensor> pinnedOutput() {
        return pinnedOutput;
    }

    /** The output row the last run wrote. */
    float output(int index) {
        return outputBuffer.get(index);
    }

    @Override
    public void close() {
        inputs.values().forEach(OnnxTensor::close);
        pinnedOutput.values().forEach(OnnxTensor::close);
    }
}

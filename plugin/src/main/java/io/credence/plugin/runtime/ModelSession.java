package io.credence.plugin.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.encode.EncodedApplication;
import io.credence.plugin.encode.FeatureEncoder;
import io.credence.plugin.encode.FeatureSource;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model version: its card, its encoder and its ONNX Runtime session. Safe for
 * concurrent callers. Reference counted so that a version can be replaced while calls are in
 * flight: the registry holds one reference, every call takes one with {@link #acquire()}, and the
 * native session is closed when the last one is released.
 *
 * <p>Every output leaves through one guard: a value that is not a probability in [0, 1] (NaN, an
 * infinity, -0.5, 1.5) is never returned; the call fails with {@link InvalidModelOutputException},
 * a WARN line is logged and {@link #invalidOutputs()} counts it for this version.
 */
public final class ModelSession {

    /** ONNX metadata keys the exporter writes and the loader checks. */
    public static final String META_NAME = "credence.model.name";
    public static final String META_VERSION = "credence.model.version";
    public static final String META_SCHEMA_DIGEST = "credence.feature_schema_digest";

    private final ModelCard card;
    private final FeatureEncoder encoder;
    private final OrtSession session;
    private final OnnxRuntimeHost host;
    private final ExecutionProvider provider;
    private final String origin;
    private final int outputWidth;
    /** The output's shape with -1 for the batch dimension. */
    private final long[] outputShape;
    private final AtomicInteger references = new AtomicInteger(1);
    /** Every output leaves through this guard; it also counts this version's invalid outputs. */
    private final OutputGuard guard;
    private volatile ScoreCombiner combiner;
    private volatile ModelEvents events = ModelEvents.NONE;
    /** Idle one-row slots, most recently used first; every slot is idle when the last reference goes. */
    private final ConcurrentLinkedDeque<RowSlot> rowSlots = new ConcurrentLinkedDeque<>();
    /** Idle direct buffers for batches of up to {@link #POOLED_BATCH_ROWS} rows (plain Java memory, no native handles). */
    private final ConcurrentLinkedDeque<BatchBuffers> batchPool = new ConcurrentLinkedDeque<>();

    /**
     * Opens a session and checks that the ONNX graph matches the card.
     *
     * @param origin where the package came from, for error messages
     * @throws ModelMismatchException when inputs, outputs, shapes or metadata disagree with the card
     */
    public static ModelSession open(OnnxRuntimeHost host, ModelCard card, byte[] onnx, String origin) {
        OnnxRuntimeHost.CreatedSession created;
        try {
            created = host.createSession(onnx, card.id());
        } catch (OrtException e) {
            throw new ModelMismatchException(origin + ": ONNX Runtime cannot load the model ("
                    + e.getCode() + "): " + e.getMessage(), e);
        }
        try {
            long[] outputShape = validate(card, created.session(), origin);
            return new ModelSession(card, created.session(), host, created.provider(), origin, outputShape);
        } catch (RuntimeException e) {
            closeQuietly(created.session());
            throw e;
        }
    }

    private ModelSession(ModelCard card, OrtSession session, OnnxRuntimeHost host, ExecutionProvider provider,
                         String origin, long[] outputShape) {
        this.card = card;
        this.encoder = new FeatureEncoder(card);
        this.session = session;
        this.host = host;
        this.provider = provider;
        this.origin = origin;
        this.outputShape = outputShape;
        this.outputWidth = outputShape.length == 2 ? (int) outputShape[1] : 1;
        this.guard = new OutputGuard(card.id(), card.output().name(), card.output().index());
    }

    /** The output tensor's shape for {@code batch} rows: {@code [batch]} or {@code [batch, classes]}. */
    long[] outputShape(int batch) {
        long[] shape = outputShape.clone();
        shape[0] = batch;
        return shape;
    }

    public ModelCard card() {
        return card;
    }

    public FeatureEncoder encoder() {
        return encoder;
    }

    public ExecutionProvider provider() {
        return provider;
    }

    /** Where the package was loaded from. */
    public String origin() {
        return origin;
    }

    /** Takes a reference; false when the session has already been closed. */
    public boolean acquire() {
        while (true) {
            int n = references.get();
            if (n <= 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Takes the reference one scoring call holds, or fails when the version was unloaded. */
    private void acquireForCall() {
        if (!acquire()) {
            throw new ScoringException(card.id(), "the model session is closed (the version was unloaded)", null);
        }
    }

    private ScoringException runtimeFailure(OrtException e) {
        return new ScoringException(card.id(), "ONNX Runtime failed (" + e.getCode() + "): " + e.getMessage(), e);
    }

    /** Gives a reference back; the last one closes the native session. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            RowSlot slot;
            while ((slot = rowSlots.pollFirst()) != null) {
                slot.close();
            }
            closeQuietly(session);
        }
    }

    /**
     * How many outputs of this version were refused since it was loaded: NaN, infinite or
     * outside [0, 1], on any path (one row, micro-batched, batch, explanation; a batch counts
     * each such row).
     */
    public long invalidOutputs() {
        return guard.invalidOutputs();
    }

    /** True while the native session is open. */
    public boolean isOpen() {
        return references.get() > 0;
    }

    /**
     * Encodes and scores one application.
     *
     * @throws InvalidModelOutputException when the model's output is not a probability in [0, 1]
     */
    public Score score(FeatureSource source) {
        return score(encoder.encode(source));
    }

    /**
     * Scores one already encoded application. With micro-batching on, concurrent callers share
     * ONNX Runtime calls; a lone caller runs its own call at once. Each caller's value is checked
     * on its own, so one invalid row in a shared call fails only its own caller.
     *
     * @throws InvalidModelOutputException when the model's output is not a probability in [0, 1]
     */
    public Score score(EncodedApplication encoded) {
        ScoreCombiner c = combiner;
        double value = guard.check(c != null ? c.score(encoded.values()) : scoreRow(encoded.values()));
        return new Score(card.name(), card.version(), card.onnxSha256(), provider, value, encoded);
    }

    /**
     * Lets concurrent {@link #score} callers combine into batches of at most {@code maxBatch}
     * rows ({@code 1} turns micro-batching off).
     */
    public ModelSession microBatching(int maxBatch) {
        this.combiner = maxBatch > 1 ? new ScoreCombiner(this, maxBatch) : null;
        return this;
    }

    /** Where this session reports its micro-batches ({@link ModelEvents#NONE} by default). */
    public ModelSession events(ModelEvents events) {
        this.events = java.util.Objects.requireNonNull(events, "events");
        return this;
    }

    /** Where this session reports its work. */
    public ModelEvents events() {
        return events;
    }

    /**
     * Scores many encoded applications in one ONNX Runtime call.
     *
     * @return one probability per application, in order
     * @throws InvalidModelOutputException when any output is not a probability in [0, 1] (the
     *         message names the first such row; every such row is counted)
     */
    public double[] scoreBatch(List<EncodedApplication> rows) {
        int n = rows.size();
        List<float[]> buffers = new ArrayList<>(card.inputs().size());
        for (int i = 0; i < card.inputs().size(); i++) {
            int per = card.inputs().get(i).floatsPerRow();
            float[] buffer = new float[n * per];
            for (int r = 0; r < n; r++) {
                System.arraycopy(rows.get(r).values().get(i), 0, buffer, r * per, per);
            }
            buffers.add(buffer);
        }
        return guard.checkAll(values(run(buffers, n), n));
    }

    /**
     * Scores {@code batch} rows already laid out in per-input buffers (row-major), the cheapest path.
     *
     * @return the output column the card points at, one probability per row
     * @throws InvalidModelOutputException when any output is not a probability in [0, 1]
     */
    public double[] scoreBuffers(List<float[]> buffers, int batch) {
        if (batch > POOLED_BATCH_ROWS) {
            return guard.checkAll(values(run(buffers, batch), batch));
        }
        // Reused direct buffers: ONNX Runtime would otherwise allocate a direct buffer and copy
        // into it on every call (explanations score 2 to 1,024 rows per decision this way).
        BatchBuffers pooled = batchPool.pollFirst();
        if (pooled == null) {
            pooled = batchBuffers(POOLED_BATCH_ROWS);
        }
        try {
            pooled.load(buffers, batch);
            double[] values = new double[batch];
            scoreBatch(pooled, values);
            return guard.checkAll(values);
        } finally {
            batchPool.offerFirst(pooled);
        }
    }

    /**
     * Batches up to this many rows run on pooled direct buffers: the largest explanation (2^10
     * coalitions) fits, since a call past the pool costs a native allocation and copy, about 50 µs
     * at 257 rows of the bundled model (docs/explanations.md, "Cost").
     */
    static final int POOLED_BATCH_ROWS = 1024;

    /**
     * Scores one encoded row through a pooled {@link RowSlot}: the row is copied into reusable
     * direct-buffer input tensors and the result lands in a pinned output tensor. The value is
     * raw, not yet checked: the public methods pass it through the {@link OutputGuard}.
     */
    double scoreRow(List<float[]> row) {
        acquireForCall();
        try {
            RowSlot slot = rowSlots.pollFirst();
            if (slot == null) {
                slot = new RowSlot(host.environment(), card, outputWidth, outputShape(1));
            }
            try {
                slot.load(row);
                session.run(slot.inputs(), slot.pinnedOutput()).close();
                return slot.output(card.output().index());
            } finally {
                rowSlots.offerFirst(slot);
            }
        } catch (OrtException e) {
            throw runtimeFailure(e);
        } finally {
            release();
        }
    }

    /** Buffers a micro-batcher reuses for batches of at most {@code capacity} rows. */
    BatchBuffers batchBuffers(int capacity) {
        return new BatchBuffers(card, outputWidth, capacity);
    }

    /**
     * Scores the rows in {@code buffers} in one call, reading and writing their direct memory
     * without copies; the raw results go into {@code values[0 .. rows)} (checked by the caller).
     */
    void scoreBatch(BatchBuffers buffers, double[] values) {
        int n = buffers.rows();
        acquireForCall();
        Map<String, OnnxTensor> inputs = new HashMap<>(4);
        OnnxTensor output = null;
        try {
            for (int i = 0; i < card.inputs().size(); i++) {
                InputSpec spec = card.inputs().get(i);
                inputs.put(spec.name(), OnnxTensor.createTensor(host.environment(), buffers.input(i), spec.shape(n)));
            }
            FloatBuffer out = buffers.outputView();
            output = OnnxTensor.createTensor(host.environment(), out, outputShape(n));
            session.run(inputs, Map.of(card.output().name(), output)).close();
            int index = card.output().index();
            for (int r = 0; r < n; r++) {
                values[r] = out.get(r * outputWidth + index);
            }
        } catch (OrtException e) {
            throw runtimeFailure(e);
        } finally {
            for (OnnxTensor tensor : inputs.values()) {
                tensor.close();
            }
            if (output != null) {
                output.close();
            }
            release();
        }
    }

    private double[] values(float[] out, int batch) {
        double[] values = new double[batch];
        for (int r = 0; r < batch; r++) {
            values[r] = out[r * outputWidth + card.output().index()];
        }
        return values;
    }

    private float[] run(List<float[]> buffers, int batch) {
        acquireForCall();
        Map<String, OnnxTensor> inputs = new HashMap<>(buffers.size() * 2);
        try {
            for (int i = 0; i < card.inputs().size(); i++) {
                InputSpec spec = card.inputs().get(i);
                inputs.put(spec.name(), OnnxTensor.createTensor(host.environment(),
                        FloatBuffer.wrap(buffers.get(i), 0, batch * spec.floatsPerRow()), spec.shape(batch)));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxValue value = result.get(card.output().name()).orElseThrow(() ->
                        new ScoringException(card.id(), "output '" + card.output().name() + "' missing from the result", null));
                FloatBuffer floats = ((OnnxTensor) value).getFloatBuffer();
                float[] out = new float[floats.remaining()];
                floats.get(out);
                if (out.length != batch * outputWidth) {
                    throw new ScoringException(card.id(), "output '" + card.output().name() + "' has " + out.length
                            + " values for " + batch + " rows, expected " + batch * outputWidth, null);
                }
                return out;
            }
        } catch (OrtException e) {
            throw runtimeFailure(e);
        } finally {
            for (OnnxTensor tensor : inputs.values()) {
                tensor.close();
            }
            release();
        }
    }

    /** Checks the graph against the card; returns the output's shape with -1 for the batch dimension. */
    private static long[] validate(ModelCard card, OrtSession session, String origin) {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            List<String> cardInputs = card.inputs().stream().map(InputSpec::name).toList();
            for (String name : cardInputs) {
                if (!inputs.containsKey(name)) {
                    throw new ModelMismatchException(origin + ": the card's input '" + name
                            + "' is not an input of model.onnx; the ONNX inputs are " + new TreeSet<>(inputs.keySet()));
                }
            }
            for (String name : inputs.keySet()) {
                if (!cardInputs.contains(name)) {
                    throw new ModelMismatchException(origin + ": model.onnx input '" + name
                            + "' is not described by the card; the card's inputs are " + cardInputs);
                }
            }
            for (InputSpec spec : card.inputs()) {
                TensorInfo info = tensorInfo(inputs.get(spec.name()), "input '" + spec.name() + "'", origin);
                long[] expected = spec.shape(-1);
                checkShape(info, expected, "input '" + spec.name() + "'", origin,
                        spec.layout() == InputSpec.Layout.sequence
                                ? "[batch, " + spec.steps() + " steps, " + spec.width() + " features]"
                                : "[batch, " + spec.width() + " encoded columns " + spec.features().stream()
                                        .flatMap(f -> f.encodedColumnNames().stream()).toList() + "]");
            }
            String outName = card.output().name();
            if (!outputs.containsKey(outName)) {
                throw new ModelMismatchException(origin + ": the card's output '" + outName
                        + "' is not an output of model.onnx; the ONNX outputs are " + new TreeSet<>(outputs.keySet()));
            }
            TensorInfo out = tensorInfo(outputs.get(outName), "output '" + outName + "'", origin);
            long[] shape = out.getShape();
            int width = shape.length >= 2 ? (int) shape[shape.length - 1] : 1;
            if (shape.length > 2 || shape.length == 0) {
                throw new ModelMismatchException(origin + ": output '" + outName + "' has shape "
                        + Arrays.toString(shape) + ", expected [batch] or [batch, classes]");
            }
            if (width < 0) {
                throw new ModelMismatchException(origin + ": output '" + outName + "' has a dynamic class dimension "
                        + Arrays.toString(shape) + "; the card needs a fixed one");
            }
            if (card.output().index() >= width) {
                throw new ModelMismatchException(origin + ": output.index " + card.output().index()
                        + " is outside output '" + outName + "' of width " + width);
            }
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            checkMeta(meta, META_NAME, card.name(), origin);
            checkMeta(meta, META_VERSION, card.version(), origin);
            checkMeta(meta, META_SCHEMA_DIGEST, card.featureSchemaDigest(), origin);
            return shape.length == 2 ? new long[] {-1, width} : new long[] {-1};
        } catch (OrtException e) {
            throw new ModelMismatchException(origin + ": cannot read the model's inputs and outputs: " + e.getMessage(), e);
        }
    }

    private static TensorInfo tensorInfo(NodeInfo node, String what, String origin) {
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw new ModelMismatchException(origin + ": " + what + " is not a tensor (" + node.getInfo() + ")");
        }
        if (info.type != OnnxJavaType.FLOAT) {
            throw new ModelMismatchException(origin + ": " + what + " has element type " + info.type + ", expected FLOAT");
        }
        return info;
    }

    private static void checkShape(TensorInfo info, long[] expected, String what, String origin, String description) {
        long[] actual = info.getShape();
        boolean ok = actual.length == expected.length;
        for (int d = 1; ok && d < actual.length; d++) {
            ok = actual[d] < 0 || actual[d] == expected[d];
        }
        if (!ok) {
            throw new ModelMismatchException(origin + ": " + what + " has shape " + Arrays.toString(actual)
                    + " but the card describes " + description);
        }
    }

    private static void checkMeta(Map<String, String> meta, String key, String expected, String origin) {
        String actual = meta.get(key);
        if (actual != null && !actual.equals(expected)) {
            throw new ModelMismatchException(origin + ": model.onnx metadata " + key + " is '" + actual
                    + "' but the card says '" + expected + "'");
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // closing a session only fails when it is already closed
        }
    }
}

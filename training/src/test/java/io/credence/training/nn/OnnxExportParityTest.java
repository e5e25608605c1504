package io.credence.training.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.testing.ModelPackages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headline guarantee: an exported network, loaded through the plugin's registry and scored by
 * ONNX Runtime, gives DJL's probabilities to within 1e-5 on every held-out row.
 */
class OnnxExportParityTest {

    private static final double TOLERANCE = 1e-5;
    private static final int TABULAR = 4;

    @TempDir
    Path root;

    private static TrainingConfig config(TrainingConfig.Loss loss) {
        return config(loss, 0.0);
    }

    private static TrainingConfig config(TrainingConfig.Loss loss, double l1) {
        return new TrainingConfig(TrainingConfig.Optimizer.ADAM, 0.01, loss, l1, 1e-4, 4, 64, 0, 1.0, 7L);
    }

    @Test
    void mlpExportMatchesDjlWithinTolerance() {
        NetworkSpec spec = new NetworkSpec(Architecture.MLP, TABULAR, 0, 0, List.of(16, 8), 0.1, 0, 0, 0, 0, 0, 1);
        assertParity("mlp", spec, TrainingConfig.Loss.BINARY_CROSS_ENTROPY, 0);
    }

    @Test
    void cnnExportMatchesDjlWithinTolerance() {
        NetworkSpec spec = new NetworkSpec(Architecture.CNN, TABULAR, Synthetic.STEPS, Synthetic.CHANNELS,
                List.of(8), 0.1, 5, 3, 2, 0, 0, 1);
        assertParity("cnn", spec, TrainingConfig.Loss.BINARY_CROSS_ENTROPY, 0);
    }

    @Test
    void cnnWithoutTabularInputExportMatchesDjlWithinTolerance() {
        NetworkSpec spec = new NetworkSpec(Architecture.CNN, 0, Synthetic.STEPS, Synthetic.CHANNELS,
                List.of(), 0.0, 4, 2, 2, 0, 0, 1);
        assertParity("cnn-seq-only", spec, TrainingConfig.Loss.BINARY_CROSS_ENTROPY, 0);
    }

    @Test
    void gruExportMatchesDjlWithinTolerance() {
        NetworkSpec spec = new NetworkSpec(Architecture.GRU, TABULAR, Synthetic.STEPS, Synthetic.CHANNELS,
                List.of(8), 0.1, 0, 0, 0, 6, 2, 1);
        assertParity("gru", spec, TrainingConfig.Loss.BINARY_CROSS_ENTROPY, 0);
    }

    @Test
    void softmaxExportOverThreeGradesMatchesDjlWithinTolerance() {
        NetworkSpec spec = new NetworkSpec(Architecture.MLP, TABULAR, 0, 0, List.of(12), 0.0, 0, 0, 0, 0, 0, 3);
        assertParity("mlp-grades", spec, TrainingConfig.Loss.SOFTMAX_CROSS_ENTROPY, 3);
    }

    @Test
    void softmaxGruExportMatchesDjlWithinTolerance() {
        NetworkSpec spec = new NetworkSpec(Architecture.GRU, TABULAR, Synthetic.STEPS, Synthetic.CHANNELS,
                List.of(), 0.0, 0, 0, 0, 5, 1, 3);
        assertParity("gru-grades", spec, TrainingConfig.Loss.SOFTMAX_CROSS_ENTROPY, 3);
    }

    @Test
    void cnnWithOtherFiltersKernelAndPoolExportMatchesDjlWithinTolerance() {
        // 6 steps, kernel 2 -> 5 positions, pool 3 -> 1 window (the partial one dropped, as ONNX MaxPool does)
        NetworkSpec spec = new NetworkSpec(Architecture.CNN, TABULAR, Synthetic.STEPS, Synthetic.CHANNELS,
                List.of(8), 0.1, 7, 2, 3, 0, 0, 1);
        assertEquals(7, spec.sequenceFeatureWidth());
        assertParity("cnn-k2-p3", spec, TrainingConfig.Loss.BINARY_CROSS_ENTROPY, 0);
    }

    @Test
    void cnnWithoutPoolingExportMatchesDjlWithinTolerance() {
        NetworkSpec spec = new NetworkSpec(Architecture.CNN, TABULAR, Synthetic.STEPS, Synthetic.CHANNELS,
                List.of(8), 0.0, 3, 4, 1, 0, 0, 1);
        assertEquals(3 * 3, spec.sequenceFeatureWidth());
        assertParity("cnn-k4-p1", spec, TrainingConfig.Loss.BINARY_CROSS_ENTROPY, 0);
    }

    @Test
    void twoStackedGruLayersOf64UnitsExportMatchesDjlWithinTolerance() {
        NetworkSpec spec = new NetworkSpec(Architecture.GRU, TABULAR, Synthetic.STEPS, Synthetic.CHANNELS,
                List.of(16), 0.1, 0, 0, 0, 64, 2, 1);
        assertParity("gru-2x64", spec, TrainingConfig.Loss.BINARY_CROSS_ENTROPY, 0);
    }

    @Test
    void mseLossExportMatchesDjlWithinTolerance() {
        NetworkSpec spec = new NetworkSpec(Architecture.GRU, TABULAR, Synthetic.STEPS, Synthetic.CHANNELS,
                List.of(8), 0.0, 0, 0, 0, 6, 1, 1);
        assertParity("gru-mse", spec, TrainingConfig.Loss.MSE, 0);
    }

    @Test
    void twoUnitSoftmaxForGoodAndBadExportMatchesDjlWithinTolerance() {
        NetworkSpec spec = new NetworkSpec(Architecture.CNN, TABULAR, Synthetic.STEPS, Synthetic.CHANNELS,
                List.of(8), 0.0, 4, 3, 2, 0, 0, 2);
        assertParity("cnn-softmax2", spec, TrainingConfig.Loss.SOFTMAX_CROSS_ENTROPY, 0);
    }

    @Test
    void l1PenalisedExportMatchesDjlWithinTolerance() {
        NetworkSpec spec = new NetworkSpec(Architecture.MLP, TABULAR, 0, 0, List.of(16), 0.0, 0, 0, 0, 0, 0, 1);
        assertParity("mlp-l1", spec, config(TrainingConfig.Loss.BINARY_CROSS_ENTROPY, 1e-3), 0);
    }

    @Test
    void exportCarriesCardIdentityOpsetAndProducer() throws InvalidProtocolBufferException {
        NetworkSpec spec = new NetworkSpec(Architecture.GRU, TABULAR, Synthetic.STEPS, Synthetic.CHANNELS,
                List.of(4), 0.0, 0, 0, 0, 4, 1, 1);
        NetworkInput train = Synthetic.rows(200, TABULAR, true, 0, 1L);
        ModelCard card = Synthetic.card("meta-check", spec);
        try (TrainedNetwork net = NetworkTrainer.train(spec, config(TrainingConfig.Loss.BINARY_CROSS_ENTROPY).withMaxEpochs(1),
                train, null, null)) {
            OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(net.exportOnnx(card));
            Map<String, String> meta = model.getMetadataPropsList().stream()
                    .collect(Collectors.toMap(OnnxMl.StringStringEntryProto::getKey, OnnxMl.StringStringEntryProto::getValue));
            assertEquals("meta-check", meta.get(ModelSession.META_NAME));
            assertEquals("1.0.0", meta.get(ModelSession.META_VERSION));
            assertEquals(card.featureSchemaDigest(), meta.get(ModelSession.META_SCHEMA_DIGEST));
            assertEquals("credence-training", model.getProducerName());
            assertEquals(17, model.getOpsetImport(0).getVersion());
            assertEquals(List.of("applicant", "history"),
                    model.getGraph().getInputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
            assertEquals("batch", model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
            assertEquals("probability", model.getGraph().getOutput(0).getName());
        }
    }

    @Test
    void exportRefusesCardWhoseInputsDoNotFitTheNetwork() {
        NetworkSpec spec = new NetworkSpec(Architecture.MLP, TABULAR, 0, 0, List.of(4), 0.0, 0, 0, 0, 0, 0, 1);
        NetworkSpec wider = new NetworkSpec(Architecture.MLP, TABULAR + 1, 0, 0, List.of(4), 0.0, 0, 0, 0, 0, 0, 1);
        NetworkInput train = Synthetic.rows(100, TABULAR, false, 0, 2L);
        try (TrainedNetwork net = NetworkTrainer.train(spec, config(TrainingConfig.Loss.BINARY_CROSS_ENTROPY).withMaxEpochs(1),
                train, null, null)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.exportOnnx(Synthetic.card("too-wide", wider)));
            assertTrue(e.getMessage().contains("encodes 5 columns but the network reads 4"), e.getMessage());
        }
    }

    private void assertParity(String name, NetworkSpec spec, TrainingConfig.Loss loss, int grades) {
        assertParity(name, spec, config(loss), grades);
    }

    private void assertParity(String name, NetworkSpec spec, TrainingConfig config, int grades) {
        NetworkInput train = Synthetic.rows(400, spec.tabularWidth(), spec.hasSequence(), grades, 11L);
        NetworkInput holdout = Synthetic.rows(150, spec.tabularWidth(), spec.hasSequence(), grades, 12L);
        ModelCard card = Synthetic.card(name, spec);
        try (TrainedNetwork net = NetworkTrainer.train(spec, config, train, null, null);
             ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU))) {
            float[] djl = net.predict(holdout);
            Path dir = ModelPackages.write(root, card, net.exportOnnx(card));
            ModelSession session = registry.loadPackage(dir);
            double[] onnx = session.scoreBuffers(Synthetic.buffers(holdout), holdout.rows());
            assertEquals(djl.length, onnx.length);
            double worst = 0;
            int worstRow = -1;
            for (int r = 0; r < djl.length; r++) {
                double diff = Math.abs(onnx[r] - djl[r]);
                if (diff > worst) {
                    worst = diff;
                    worstRow = r;
                }
            }
            assertTrue(worst <= TOLERANCE, name + ": max |onnx - djl| = " + worst + " at row " + worstRow);
            // a trained network, not a constant: probabilities spread over the rows
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (float p : djl) {
                min = Math.min(min, p);
                max = Math.max(max, p);
            }
            assertTrue(max - min > 0.1, name + ": predictions barely vary (" + min + ".." + max + ")");
        }
    }
}

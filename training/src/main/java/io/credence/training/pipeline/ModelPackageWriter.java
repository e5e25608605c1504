package io.credence.training.pipeline;

import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.ModelCards;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes model packages and checks an exported graph against DJL's own predictions. */
public final class ModelPackageWriter {

    private ModelPackageWriter() {
    }

    /** Writes {@code model.onnx} and {@code model-card.json} (with the ONNX digest) into {@code dir}. */
    public static ModelCard write(Path dir, ModelCard card, byte[] onnx) {
        ModelCard sealed = card.withOnnxSha256(ModelCard.sha256(onnx));
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(ModelRegistry.ONNX_FILE), onnx);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(ModelRegistry.ONNX_FILE), e);
        }
        ModelCards.write(sealed, dir.resolve(ModelRegistry.CARD_FILE));
        return sealed;
    }

    /**
     * Scores {@code rows} of {@code data} through ONNX Runtime exactly as the plugin serves
     * (card encoder, ONNX session) and returns the largest absolute difference to {@code expected}.
     */
    public static double onnxParity(ModelCard card, byte[] onnx, java.util.function.IntFunction<io.credence.plugin.encode.FeatureSource> data,
                                    int[] rows, float[] expected) {
        ModelCard sealed = card.withOnnxSha256(ModelCard.sha256(onnx));
        ModelSession session = ModelSession.open(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU), sealed, onnx,
                "exported " + card.id());
        try {
            List<float[]> buffers = new ArrayList<>();
            for (var input : sealed.inputs()) {
                buffers.add(new float[rows.length * input.floatsPerRow()]);
            }
            for (int i = 0; i < rows.length; i++) {
                session.encoder().encodeInto(data.apply(rows[i]), buffers, i);
            }
            double[] scores = session.scoreBuffers(buffers, rows.length);
            double max = 0;
            for (int i = 0; i < rows.length; i++) {
                max = Math.max(max, Math.abs(scores[i] - expected[i]));
            }
            return max;
        } finally {
            session.release();
        }
    }
}

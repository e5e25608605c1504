package io.credence.training.pipeline;

import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.TrainingDistributions;
import io.credence.plugin.drift.DistributionProfile;
import io.credence.plugin.encode.FeatureSource;
import io.credence.plugin.encode.InvalidFeatureException;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The training distributions of a model package ({@code distributions} in its card): every row
 * encoded by the card and scored by the ONNX file through ONNX Runtime, exactly as the service
 * will see it, then binned by {@link DistributionProfile}.
 *
 * <pre>{@code
 * TrainingProfile.Result r = TrainingProfile.of(card, onnx, row -> encoding.source(data, row), data.rows());
 * ModelCard withBaseline = card.withDistributions(r.distributions());
 * }</pre>
 */
public final class TrainingProfile {

    private static final int BATCH = 512;

    private TrainingProfile() {
    }

    /** The distributions, and how many rows could not be encoded (and were left out). */
    public record Result(TrainingDistributions distributions, int skipped) {
    }

    /**
     * @param card the package's card (its {@code onnxSha256} must match {@code onnx})
     * @param rows the raw values of row {@code 0 .. n-1}
     */
    public static Result of(ModelCard card, byte[] onnx, IntFunction<FeatureSource> rows, int n) {
        ModelSession session = ModelSession.open(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU), card, onnx,
                "profile of " + card.id());
        try {
            DistributionProfile profile = new DistributionProfile(card);
            Map<String, int[]> columns = columns(card);
            int skipped = 0;
            List<float[]> buffers = buffers(card);
            int filled = 0;
            for (int r = 0; r <= n; r++) {
                if (r < n) {
                    try {
                        session.encoder().encodeInto(rows.apply(r), buffers, filled);
                        filled++;
                    } catch (InvalidFeatureException e) {
                        skipped++;
                    }
                }
                if (filled == BATCH || (r == n && filled > 0)) {
                    double[] scores = session.scoreBuffers(buffers, filled);
                    List<float[]> batch = buffers;
                    List<InputSpec> inputs = card.inputs();
                    for (int i = 0; i < filled; i++) {
                        int row = i;
                        profile.add(column -> {
                            int[] at = columns.get(column);
                            return at == null ? Double.NaN
                                    : batch.get(at[0])[row * inputs.get(at[0]).floatsPerRow() + at[1]];
                        }, scores[i]);
                    }
                    buffers = buffers(card);
                    filled = 0;
                }
            }
            return new Result(profile.build(), skipped);
        } finally {
            session.release();
        }
    }

    /** Encoded column name -> {input index, offset in the row} of the tabular inputs. */
    private static Map<String, int[]> columns(ModelCard card) {
        Map<String, int[]> out = new HashMap<>();
        for (int i = 0; i < card.inputs().size(); i++) {
            InputSpec input = card.inputs().get(i);
            if (input.layout() != InputSpec.Layout.tabular) {
                continue;
            }
            int offset = 0;
            for (var feature : input.features()) {
                for (String column : feature.encodedColumnNames()) {
                    out.put(column, new int[] {i, offset++});
                }
            }
        }
        return out;
    }

    private static List<float[]> buffers(ModelCard card) {
        List<float[]> out = new ArrayList<>();
        for (InputSpec input : card.inputs()) {
            out.add(new float[BATCH * input.floatsPerRow()]);
        }
        return out;
    }
}

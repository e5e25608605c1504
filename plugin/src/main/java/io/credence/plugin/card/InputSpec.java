package io.credence.plugin.card;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One input tensor of the ONNX graph and the features that fill it.
 *
 * <p>A {@code tabular} input has shape {@code [batch, width]} where width is the sum of the
 * features' encoded widths. A {@code sequence} input has shape {@code [batch, steps, features]}:
 * each feature is one channel, its raw value is a list of {@code steps} numbers, oldest first
 * (e.g. six months of repayment status), and only numeric features are allowed.
 *
 * @param name     the ONNX input name
 * @param layout   tabular or sequence
 * @param steps    sequence length (sequence inputs only)
 * @param features the features, in the order the network reads them
 */
public record InputSpec(String name, Layout layout, Integer steps, List<FeatureSpec> features) {

    /** Tensor layouts. */
    public enum Layout { tabular, sequence }

    public InputSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("input.name is required");
        }
        if (layout == null) {
            layout = Layout.tabular;
        }
        if (features == null || features.isEmpty()) {
            throw new IllegalArgumentException("input '" + name + "': features must list at least one feature");
        }
        features = List.copyOf(features);
        Set<String> seen = new HashSet<>();
        for (FeatureSpec f : features) {
            if (!seen.add(f.name())) {
                throw new IllegalArgumentException("input '" + name + "': feature '" + f.name() + "' is listed twice");
            }
        }
        if (layout == Layout.sequence) {
            if (steps == null || steps < 1) {
                throw new IllegalArgumentException("input '" + name + "': a sequence input needs steps >= 1");
            }
            for (FeatureSpec f : features) {
                if (f.type() != FeatureType.NUMERIC || f.missing().indicator()) {
                    throw new IllegalArgumentException("input '" + name + "': sequence feature '" + f.name()
                            + "' must be numeric without a missing indicator");
                }
            }
        } else if (steps != null) {
            throw new IllegalArgumentException("input '" + name + "': steps applies to sequence inputs only");
        }
    }

    /** A tabular input. */
    public static InputSpec tabular(String name, List<FeatureSpec> features) {
        return new InputSpec(name, Layout.tabular, null, features);
    }

    /** Encoded columns per row (tabular) or channels per step (sequence). */
    public int width() {
        return features.stream().mapToInt(FeatureSpec::width).sum();
    }

    /** Tensor shape for a batch of {@code batch} applications. */
    public long[] shape(int batch) {
        return layout == Layout.sequence
                ? new long[] {batch, steps, width()}
                : new long[] {batch, width()};
    }

    /** Number of floats one application fills. */
    public int floatsPerRow() {
        return layout == Layout.sequence ? steps * width() : width();
    }
}

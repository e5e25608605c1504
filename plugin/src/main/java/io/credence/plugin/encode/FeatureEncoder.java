package io.credence.plugin.encode;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.FeatureType;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.MissingValue;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.ValueRange;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a model card's encoding to raw application values. Thread-safe and allocation-light:
 * build one per model version and reuse it.
 *
 * <pre>{@code
 * FeatureEncoder encoder = new FeatureEncoder(card);
 * EncodedApplication row = encoder.encode(FeatureLookup.of(application));
 * }</pre>
 */
public final class FeatureEncoder {

    private final ModelCard card;
    private final List<List<String>> columns;
    private final List<Map<String, Integer>> codeIndex;
    private final List<String> inputNames;
    private final int[] floatsPerRow;

    public FeatureEncoder(ModelCard card) {
        this.card = card;
        List<List<String>> cols = new ArrayList<>();
        List<Map<String, Integer>> index = new ArrayList<>();
        for (InputSpec input : card.inputs()) {
            cols.add(input.features().stream().flatMap(f -> f.encodedColumnNames().stream()).toList());
            for (FeatureSpec f : input.features()) {
                Map<String, Integer> codes = new HashMap<>();
                for (int i = 0; i < f.vocabulary().size(); i++) {
                    codes.put(f.vocabulary().get(i), i);
                }
                index.add(codes);
            }
        }
        this.columns = List.copyOf(cols);
        this.codeIndex = List.copyOf(index);
        this.inputNames = card.inputs().stream().map(InputSpec::name).toList();
        this.floatsPerRow = card.inputs().stream().mapToInt(InputSpec::floatsPerRow).toArray();
    }

    public ModelCard card() {
        return card;
    }

    /** Encodes one application, or throws {@link InvalidFeatureException} listing every problem. */
    public EncodedApplication encode(FeatureSource source) {
        List<InputSpec> inputs = card.inputs();
        float[][] values = new float[inputs.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new float[floatsPerRow[i]];
        }
        List<float[]> buffers = List.of(values);
        encodeInto(source, buffers, 0);
        return new EncodedApplication(inputNames, buffers, columns);
    }

    /**
     * Encodes one application into row {@code row} of caller-owned buffers (one per input, each
     * at least {@code (row + 1) * floatsPerRow} long), for batched scoring.
     */
    public void encodeInto(FeatureSource source, List<float[]> buffers, int row) {
        List<FeatureViolation> violations = new ArrayList<>(0);
        int featureNo = 0;
        for (int i = 0; i < card.inputs().size(); i++) {
            InputSpec input = card.inputs().get(i);
            float[] out = buffers.get(i);
            int base = row * floatsPerRow[i];
            if (input.layout() == InputSpec.Layout.sequence) {
                int channels = input.width();
                for (int c = 0; c < input.features().size(); c++, featureNo++) {
                    encodeSequence(input, input.features().get(c), source, out, base, c, channels, violations);
                }
            } else {
                int offset = base;
                for (FeatureSpec f : input.features()) {
                    encodeTabular(f, codeIndex.get(featureNo++), source, out, offset, violations);
                    offset += f.width();
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidFeatureException(card.id(), violations);
        }
    }

    private void encodeTabular(FeatureSpec f, Map<String, Integer> codes, FeatureSource source,
                               float[] out, int offset, List<FeatureViolation> violations) {
        Object raw = source.feature(f.name());
        boolean missing = raw == null || raw == FeatureSource.ABSENT;
        if (missing) {
            if (f.missing().policy() == MissingValue.Policy.reject) {
                violations.add(new FeatureViolation(f.name(), String.valueOf(raw), expectation(f)
                        + " (this model has no rule for a missing value)"));
                return;
            }
            raw = f.missing().value();
        }
        int width = f.width();
        if (f.missing().indicator()) {
            out[offset + width - 1] = missing ? 1f : 0f;
        }
        switch (f.type()) {
            case NUMERIC -> {
                Double value = number(f, raw, violations);
                if (value == null) {
                    return;
                }
                double v = value;
                ValueRange range = f.range();
                if (range != null && !range.contains(v)) {
                    if (range.outOfRange() == ValueRange.OutOfRange.clip) {
                        v = Math.max(range.min(), Math.min(range.max(), v));
                    } else {
                        violations.add(new FeatureViolation(f.name(), render(raw), "a number in " + range));
                        return;
                    }
                }
                out[offset] = (float) f.scaling().apply(v);
            }
            case CATEGORICAL, ORDINAL -> {
                String code = code(raw);
                Integer index = code == null ? null : codes.get(code);
                if (index == null) {
                    if (code != null && f.unknown() == FeatureSpec.UnknownCategory.zero) {
                        for (int k = 0; k < f.vocabulary().size(); k++) {
                            out[offset + k] = 0f;
                        }
                        return;
                    }
                    violations.add(new FeatureViolation(f.name(), render(raw), expectation(f)));
                    return;
                }
                if (f.type() == FeatureType.CATEGORICAL) {
                    for (int k = 0; k < f.vocabulary().size(); k++) {
                        out[offset + k] = k == index ? 1f : 0f;
                    }
                } else {
                    out[offset] = (float) f.scaling().apply(index);
                }
            }
            default -> throw new IllegalStateException("unhandled feature type " + f.type());
        }
    }

    private void encodeSequence(InputSpec input, FeatureSpec f, FeatureSource source, float[] out,
                                int base, int channel, int channels, List<FeatureViolation> violations) {
        Object raw = source.feature(f.name());
        int steps = input.steps();
        String expected = "a list of " + steps + " numbers, oldest first"
                + (f.range() != null ? ", each in " + f.range() : "");
        if (raw == null || raw == FeatureSource.ABSENT) {
            if (f.missing().policy() == MissingValue.Policy.reject) {
                violations.add(new FeatureViolation(f.name(), String.valueOf(raw), expected));
                return;
            }
            float imputed = (float) f.scaling().apply(((Number) f.missing().value()).doubleValue());
            for (int t = 0; t < steps; t++) {
                out[base + t * channels + channel] = imputed;
            }
            return;
        }
        List<?> list = asList(raw);
        if (list == null || list.size() != steps) {
            violations.add(new FeatureViolation(f.name(), render(raw), expected));
            return;
        }
        for (int t = 0; t < steps; t++) {
            Object element = list.get(t);
            double v;
            if (element == null) {
                if (f.missing().policy() == MissingValue.Policy.reject) {
                    violations.add(new FeatureViolation(f.name() + "[" + t + "]", "null", "a number"));
                    continue;
                }
                v = ((Number) f.missing().value()).doubleValue();
            } else {
                Double parsed = number(new FeatureSpec(f.name() + "[" + t + "]", FeatureType.NUMERIC, null,
                        null, null, null, null, null), element, violations);
                if (parsed == null) {
                    continue;
                }
                v = parsed;
            }
            if (f.range() != null && !f.range().contains(v)) {
                if (f.range().outOfRange() == ValueRange.OutOfRange.clip) {
                    v = Math.max(f.range().min(), Math.min(f.range().max(), v));
                } else {
                    violations.add(new FeatureViolation(f.name() + "[" + t + "]", render(element), "a number in " + f.range()));
                    continue;
                }
            }
            out[base + t * channels + channel] = (float) f.scaling().apply(v);
        }
    }

    private static Double number(FeatureSpec f, Object raw, List<FeatureViolation> violations) {
        double v;
        if (raw instanceof Number n) {
            v = n.doubleValue();
        } else if (raw instanceof String s) {
            try {
                v = new BigDecimal(s.trim()).doubleValue();
            } catch (NumberFormatException e) {
                violations.add(new FeatureViolation(f.name(), render(raw), "a number"
                        + (f.range() != null ? " in " + f.range() : "")));
                return null;
            }
        } else {
            violations.add(new FeatureViolation(f.name(), render(raw), "a number"
                    + (f.range() != null ? " in " + f.range() : "")));
            return null;
        }
        if (!Double.isFinite(v)) {
            violations.add(new FeatureViolation(f.name(), render(raw), "a finite number"
                    + (f.range() != null ? " in " + f.range() : "") + " (NaN and infinity are never scored)"));
            return null;
        }
        return v;
    }

    private static String code(Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        if (raw instanceof Enum<?> e) {
            return e.name();
        }
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return raw.toString();
        }
        if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Double.isFinite(n.doubleValue())) {
            return Long.toString(n.longValue());
        }
        return null;
    }

    private static List<?> asList(Object raw) {
        if (raw instanceof List<?> list) {
            return list;
        }
        if (raw != null && raw.getClass().isArray()) {
            int n = Array.getLength(raw);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(Array.get(raw, i));
            }
            return list;
        }
        return null;
    }

    private static String expectation(FeatureSpec f) {
        return switch (f.type()) {
            case NUMERIC -> "a number" + (f.range() != null ? " in " + f.range() : "");
            case CATEGORICAL -> "one of " + f.vocabulary();
            case ORDINAL -> "one of the levels " + f.vocabulary();
        };
    }

    private static String render(Object raw) {
        if (raw instanceof String s) {
            return "\"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\"";
        }
        if (raw != null && raw.getClass().isArray()) {
            return asList(raw).toString();
        }
        return String.valueOf(raw);
    }
}

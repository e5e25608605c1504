package io.credence.plugin.card;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One input feature of a model, in the order the network reads it, with the one definition of
 * how its raw value is encoded.
 *
 * @param name        the business field the value is read from (e.g. {@code ageYears})
 * @param type        numeric, categorical or ordinal
 * @param description what the feature means, for reviewers and reason texts
 * @param scaling     numeric and ordinal: linear scaling after reading (identity when absent)
 * @param range       numeric: accepted raw values (no check when absent)
 * @param vocabulary  categorical: the codes, one output column each, in this order;
 *                    ordinal: the levels from lowest to highest
 * @param unknown     categorical and ordinal: what a code outside the vocabulary does
 * @param missing     what an absent or null value does (reject when absent)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpec(
        String name,
        FeatureType type,
        String description,
        Scaling scaling,
        ValueRange range,
        List<String> vocabulary,
        UnknownCategory unknown,
        MissingValue missing) {

    /** What a categorical code outside the vocabulary does. */
    public enum UnknownCategory {
        /** The application cannot be scored. */
        reject,
        /** All one-hot columns stay 0 (categorical only). */
        zero
    }

    public FeatureSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("feature.name is required");
        }
        Objects.requireNonNull(type, () -> "feature '" + name + "': type is required");
        if (missing == null) {
            missing = MissingValue.REJECT;
        }
        if (type == FeatureType.NUMERIC) {
            if (vocabulary != null && !vocabulary.isEmpty()) {
                throw new IllegalArgumentException("feature '" + name + "': a numeric feature has no vocabulary");
            }
            vocabulary = List.of();
            if (missing.value() != null && !(missing.value() instanceof Number)) {
                throw new IllegalArgumentException("feature '" + name + "': missing.value must be a number");
            }
        } else {
            if (vocabulary == null || vocabulary.isEmpty()) {
                throw new IllegalArgumentException("feature '" + name + "': a " + type.jsonName()
                        + " feature needs a non-empty vocabulary");
            }
            vocabulary = List.copyOf(vocabulary);
            if (new HashSet<>(vocabulary).size() != vocabulary.size()) {
                throw new IllegalArgumentException("feature '" + name + "': vocabulary has duplicate codes");
            }
            if (range != null) {
                throw new IllegalArgumentException("feature '" + name + "': range applies to numeric features only");
            }
            if (unknown == null) {
                unknown = UnknownCategory.reject;
            }
            if (type == FeatureType.ORDINAL && unknown == UnknownCategory.zero) {
                throw new IllegalArgumentException("feature '" + name + "': an ordinal feature cannot map unknown levels to zero");
            }
            if (missing.value() != null && !vocabulary.contains(String.valueOf(missing.value()))) {
                throw new IllegalArgumentException("feature '" + name + "': missing.value '" + missing.value()
                        + "' is not in the vocabulary " + vocabulary);
            }
        }
        if (type == FeatureType.CATEGORICAL && scaling != null) {
            throw new IllegalArgumentException("feature '" + name + "': a categorical feature is one-hot encoded and takes no scaling");
        }
        if (type != FeatureType.CATEGORICAL && scaling == null) {
            scaling = Scaling.IDENTITY;
        }
    }

    /** A numeric feature with scaling and no range check. */
    public static FeatureSpec numeric(String name, double center, double scale) {
        return new FeatureSpec(name, FeatureType.NUMERIC, null, new Scaling(center, scale), null, null, null, null);
    }

    /** A categorical feature that rejects unknown and missing codes. */
    public static FeatureSpec categorical(String name, List<String> vocabulary) {
        return new FeatureSpec(name, FeatureType.CATEGORICAL, null, null, null, vocabulary, null, null);
    }

    public FeatureSpec withRange(ValueRange newRange) {
        return new FeatureSpec(name, type, description, scaling, newRange, vocabulary, unknown, missing);
    }

    public FeatureSpec withMissing(MissingValue newMissing) {
        return new FeatureSpec(name, type, description, scaling, range, vocabulary, unknown, newMissing);
    }

    public FeatureSpec withDescription(String text) {
        return new FeatureSpec(name, type, text, scaling, range, vocabulary, unknown, missing);
    }

    /** Number of encoded columns this feature produces. */
    public int width() {
        int base = type == FeatureType.CATEGORICAL ? vocabulary.size() : 1;
        return base + (missing.indicator() ? 1 : 0);
    }

    /** Names of the encoded columns, in tensor order (e.g. {@code housing=RENT}, {@code income:missing}). */
    public List<String> encodedColumnNames() {
        List<String> names = new ArrayList<>(width());
        if (type == FeatureType.CATEGORICAL) {
            for (String code : vocabulary) {
                names.add(name + "=" + code);
            }
        } else {
            names.add(name);
        }
        if (missing.indicator()) {
            names.add(name + ":missing");
        }
        return names;
    }
}

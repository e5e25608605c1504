package io.credence.plugin.encode;

/**
 * One reason an application cannot be encoded.
 *
 * @param feature  the feature (field) name
 * @param value    the raw value as received, rendered as text ({@code <absent>} or {@code null}
 *                 when there was none)
 * @param expected what the model card expects instead
 */
public record FeatureViolation(String feature, String value, String expected) {

    @Override
    public String toString() {
        return "feature '" + feature + "': got " + value + ", expected " + expected;
    }
}

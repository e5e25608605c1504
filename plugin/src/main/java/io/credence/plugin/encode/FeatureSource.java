package io.credence.plugin.encode;

/**
 * Where a model reads raw feature values from. Application facts may implement it to map
 * model feature names to their own fields; otherwise {@link FeatureLookup} reads a {@code Map},
 * record components or JavaBean getters by name.
 */
@FunctionalInterface
public interface FeatureSource {

    /** Sentinel for "this source has no such field", as opposed to a field whose value is null. */
    Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "<absent>";
        }
    };

    /**
     * The raw value of a feature: a {@link Number}, a {@link String} code, a {@code List} or
     * array of numbers for sequence features, {@code null} when the value is missing, or
     * {@link #ABSENT} when the source has no field of that name.
     */
    Object feature(String name);
}

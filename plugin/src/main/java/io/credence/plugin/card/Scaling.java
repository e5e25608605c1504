package io.credence.plugin.card;

/**
 * Linear scaling applied after a value is read: {@code (value - center) / scale}.
 *
 * @param center subtracted first (typically the training mean)
 * @param scale  divided by next (typically the training standard deviation); must be positive
 */
public record Scaling(double center, double scale) {

    /** No scaling at all. */
    public static final Scaling IDENTITY = new Scaling(0.0, 1.0);

    public Scaling {
        if (!Double.isFinite(center)) {
            throw new IllegalArgumentException("scaling.center must be a finite number, was " + center);
        }
        if (!Double.isFinite(scale) || scale <= 0.0) {
            throw new IllegalArgumentException("scaling.scale must be a positive finite number, was " + scale);
        }
    }

    public double apply(double value) {
        return (value - center) / scale;
    }
}

package io.credence.plugin.card;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The binned distribution of one variable over the training rows, as the card keeps it for drift
 * monitoring ({@code io.credence.plugin.drift}). A numeric variable has {@code edges}, the cut
 * points between its bins in ascending order: bin 0 holds values up to {@code edges[0]}, bin
 * {@code i} values in ({@code edges[i-1]}, {@code edges[i]}], the last bin values above the last
 * edge, so {@code shares} has one entry more than {@code edges}. A categorical or ordinal variable
 * has {@code categories} (its vocabulary, in the card's order) and one share each.
 *
 * <pre>{@code
 * Distribution age = Distribution.numeric(List.of(25.5, 33.5, 45.5), List.of(0.2, 0.3, 0.3, 0.2));
 * int bin = age.binOf(30);                       // 1
 * }</pre>
 *
 * @param edges      numeric: strictly increasing finite cut points (may be empty: one bin)
 * @param categories categorical and ordinal: the codes, one bin each
 * @param shares     the training share of each bin, each in [0, 1], summing to 1 (within 1e-6)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Distribution(List<Double> edges, List<String> categories, List<Double> shares) {

    public Distribution {
        edges = edges == null ? List.of() : List.copyOf(edges);
        categories = categories == null ? List.of() : List.copyOf(categories);
        if (shares == null || shares.isEmpty()) {
            throw new IllegalArgumentException("shares must list the training share of every bin");
        }
        shares = List.copyOf(shares);
        if (!categories.isEmpty() && !edges.isEmpty()) {
            throw new IllegalArgumentException("a distribution has edges (numeric) or categories, not both");
        }
        int bins = categories.isEmpty() ? edges.size() + 1 : categories.size();
        if (shares.size() != bins) {
            throw new IllegalArgumentException("shares must have " + bins + " entries ("
                    + (categories.isEmpty() ? "one more than the " + edges.size() + " edges" : "one per category")
                    + "), has " + shares.size());
        }
        for (int i = 1; i < edges.size(); i++) {
            if (!(edges.get(i) > edges.get(i - 1))) {
                throw new IllegalArgumentException("edges must be strictly increasing, but " + edges.get(i)
                        + " follows " + edges.get(i - 1));
            }
        }
        for (double edge : edges) {
            if (!Double.isFinite(edge)) {
                throw new IllegalArgumentException("edges must be finite numbers, was " + edge);
            }
        }
        double sum = 0;
        for (double share : shares) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("every share must be in [0, 1], was " + share);
            }
            sum += share;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("shares must sum to 1, sum to " + sum);
        }
    }

    /** A numeric distribution. */
    public static Distribution numeric(List<Double> edges, List<Double> shares) {
        return new Distribution(edges, null, shares);
    }

    /** A categorical (or ordinal) distribution over {@code categories}. */
    public static Distribution categorical(List<String> categories, List<Double> shares) {
        return new Distribution(null, categories, shares);
    }

    /** True for categories, false for numeric bins. */
    @JsonIgnore
    public boolean isCategorical() {
        return !categories.isEmpty();
    }

    /** Number of bins. */
    @JsonIgnore
    public int bins() {
        return shares.size();
    }

    /** The numeric bin of {@code value}: the number of edges below it. */
    public int binOf(double value) {
        int lo = 0;
        int hi = edges.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges.get(mid) < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The shares as an array. */
    public double[] shareArray() {
        double[] out = new double[shares.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = shares.get(i);
        }
        return out;
    }

    /** A bin's label for reports: the category, or the interval ({@code ≤ 25.5}, {@code 25.5–33.5}, {@code > 45.5}). */
    public String label(int bin) {
        if (isCategorical()) {
            return categories.get(bin);
        }
        if (edges.isEmpty()) {
            return "all";
        }
        if (bin == 0) {
            return "≤ " + number(edges.get(0));
        }
        if (bin == edges.size()) {
            return "> " + number(edges.get(bin - 1));
        }
        return number(edges.get(bin - 1)) + "–" + number(edges.get(bin));
    }

    private static String number(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}

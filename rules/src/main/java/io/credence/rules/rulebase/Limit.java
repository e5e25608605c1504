package io.credence.rules.rulebase;

/**
 * A named number of the policy, written once in the decision table ({@code Limit,name,value,meaning}
 * rows above the rule tables) and inserted into every session as a fact that band rules join on:
 *
 * <pre>
 * $lower : Limit( name == "policy.max_debt_to_income", value &lt; $value )
 * </pre>
 *
 * {@value #LOWEST} and {@value #HIGHEST} are always there, for a band open at one end.
 *
 * @param name  the limit's name, recorded with the decision when a band applies it (e.g.
 *              {@code policy.max_debt_to_income})
 * @param value its value
 */
public record Limit(String name, double value) {

    /** Below every value: a band that starts here has no lower bound. */
    public static final String LOWEST = "lowest";
    /** Above every value: a band that ends here has no upper bound. */
    public static final String HIGHEST = "highest";

    public Limit {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("limit name is required");
        }
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("limit " + name + ": value is not a number");
        }
    }

    /** The two open ends. */
    public static Limit lowest() {
        return new Limit(LOWEST, Double.NEGATIVE_INFINITY);
    }

    public static Limit highest() {
        return new Limit(HIGHEST, Double.POSITIVE_INFINITY);
    }

    /** For DRL property access ({@code Limit( name == ... )}). */
    public String getName() {
        return name;
    }

    /** For DRL property access ({@code Limit( value < $value )}). */
    public double getValue() {
        return value;
    }

    /** False for {@value #LOWEST} and {@value #HIGHEST}, which are no cut-off to record. */
    public boolean isFinite() {
        return Double.isFinite(value);
    }
}

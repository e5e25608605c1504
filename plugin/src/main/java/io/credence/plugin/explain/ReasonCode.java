package io.credence.plugin.explain;

/**
 * A model reason ready for a notice: the code and text from the reason-code table, and the
 * attribution behind it.
 *
 * @param code         reason code, e.g. {@code RC03}
 * @param text         notice text, e.g. "Status of existing checking account"
 * @param feature      the business feature it stands for
 * @param contribution the feature's contribution on the log-odds scale
 */
public record ReasonCode(String code, String text, String feature, double contribution) {
}

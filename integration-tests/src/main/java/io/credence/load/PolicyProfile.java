package io.credence.load;

/**
 * The policy fields an application built from a German Credit row gets (that file has no income,
 * debt, employment status or delinquency), and the outcome the policy rules alone call for.
 */
public enum PolicyProfile {

    /** Employed, no delinquency, debt-to-income at most 30 %: no policy rule fires, the model decides. */
    CLEAN(PolicyEffect.NONE, null),
    /** No income: the KO_NO_INCOME knock-out declines. */
    NO_INCOME(PolicyEffect.DECLINE, "KO_NO_INCOME"),
    /** Debt payments of half the income: the KO_DEBT_TO_INCOME knock-out declines. */
    HIGH_DEBT_TO_INCOME(PolicyEffect.DECLINE, "KO_DEBT_TO_INCOME"),
    /** A 3-month delinquency: the KO_SEVERE_DELINQUENCY knock-out declines. */
    SEVERE_DELINQUENCY(PolicyEffect.DECLINE, "KO_SEVERE_DELINQUENCY"),
    /** A 1-month delinquency: referred unless the model declines. */
    RECENT_DELINQUENCY(PolicyEffect.REFER, "REFER_RECENT_DELINQUENCY"),
    /** Unemployed: referred unless the model declines. */
    UNEMPLOYED(PolicyEffect.REFER, "REFER_UNEMPLOYED");

    /** What the policy rules call for on their own. */
    public enum PolicyEffect { NONE, REFER, DECLINE }

    private final PolicyEffect effect;
    private final String reasonCode;

    PolicyProfile(PolicyEffect effect, String reasonCode) {
        this.effect = effect;
        this.reasonCode = reasonCode;
    }

    public PolicyEffect effect() {
        return effect;
    }

    /** The reason code of the policy rule that fires, or null for {@link #CLEAN}. */
    public String reasonCode() {
        return reasonCode;
    }
}

package io.credence.rules.application;

/**
 * One month of an applicant's repayment history with the lender (the behaviour model's input),
 * as a bureau or the lender's own ledger reports it.
 *
 * @param status        repayment status: -2 no balance, -1 paid in full, 0 revolving (minimum
 *                      paid), 1 to 9 months late (9: nine or more)
 * @param billAmount    the month's statement balance (negative for a credit balance)
 * @param paymentAmount what was paid that month, at least 0
 */
public record RepaymentMonth(int status, double billAmount, double paymentAmount) {

    /** The lowest status: no balance that month. */
    public static final int NO_BALANCE = -2;
    /** The highest status: nine or more months late. */
    public static final int MAX_MONTHS_LATE = 9;

    public RepaymentMonth {
        if (status < NO_BALANCE || status > MAX_MONTHS_LATE) {
            throw new IllegalArgumentException("status must be " + NO_BALANCE + " to " + MAX_MONTHS_LATE + ", was " + status);
        }
        if (!Double.isFinite(billAmount)) {
            throw new IllegalArgumentException("billAmount must be a finite number, was " + billAmount);
        }
        if (!Double.isFinite(paymentAmount) || paymentAmount < 0) {
            throw new IllegalArgumentException("paymentAmount must be a finite number >= 0, was " + paymentAmount);
        }
    }
}

package io.credence.rules.application;

import io.credence.plugin.encode.FeatureSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loan application, the fact policy rules reason over. Immutable.
 *
 * <p>Typed fields carry what the policy rules read. {@code modelInputs} carries further raw values
 * that a model reads by its feature names (e.g. {@code checkingAccount}); the models also read
 * {@code ageYears}, {@code creditAmount} and {@code durationMonths} from the typed fields.
 *
 * <p>The optional {@code repaymentHistory} ({@value #HISTORY_MONTHS} months, oldest first) is what
 * the behaviour model reads as its sequence: its channels {@value #STATUS_CHANNEL}, {@value
 * #BILL_CHANNEL} and {@value #PAYMENT_CHANNEL}, one value per month.
 */
public final class LoanApplication implements FeatureSource {

    /** Model feature names that are answered by typed fields. */
    private static final Map<String, String> FIELD_ALIASES = Map.of(
            "ageYears", "applicantAge",
            "creditAmount", "requestedAmount",
            "durationMonths", "termMonths");

    private final String applicationId;
    private final int applicantAge;
    private final double monthlyIncome;
    private final double monthlyDebtPayments;
    private final double requestedAmount;
    private final int termMonths;
    private final EmploymentStatus employmentStatus;
    private final int worstDelinquencyMonths;
    private final Map<String, Object> modelInputs;
    private final List<RepaymentMonth> repaymentHistory;

    /** Months a repayment history holds. */
    public static final int HISTORY_MONTHS = 6;
    /** The behaviour model's sequence channel of repayment statuses. */
    public static final String STATUS_CHANNEL = "repaymentStatus";
    /** The behaviour model's sequence channel of statement balances. */
    public static final String BILL_CHANNEL = "billAmount";
    /** The behaviour model's sequence channel of payments. */
    public static final String PAYMENT_CHANNEL = "paymentAmount";

    /**
     * @param applicationId          the lender's id of the application
     * @param applicantAge           age in whole years
     * @param monthlyIncome          verified net monthly income
     * @param monthlyDebtPayments    existing monthly debt payments
     * @param requestedAmount        amount applied for
     * @param termMonths             requested term in months (at least 1)
     * @param employmentStatus       employment status
     * @param worstDelinquencyMonths worst repayment delay in months over the last 6 months (0 = always on time)
     * @param modelInputs            further raw values for the model, by feature name
     */
    public LoanApplication(String applicationId, int applicantAge, double monthlyIncome, double monthlyDebtPayments,
                           double requestedAmount, int termMonths, EmploymentStatus employmentStatus,
                           int worstDelinquencyMonths, Map<String, Object> modelInputs) {
        this(applicationId, applicantAge, monthlyIncome, monthlyDebtPayments, requestedAmount, termMonths, employmentStatus,
                worstDelinquencyMonths, modelInputs, List.of());
    }

    /**
     * As above, with a repayment history: empty for none, otherwise exactly {@value #HISTORY_MONTHS}
     * months, oldest first.
     */
    public LoanApplication(String applicationId, int applicantAge, double monthlyIncome, double monthlyDebtPayments,
                           double requestedAmount, int termMonths, EmploymentStatus employmentStatus,
                           int worstDelinquencyMonths, Map<String, Object> modelInputs,
                           List<RepaymentMonth> repaymentHistory) {
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("applicationId is required");
        }
        if (termMonths < 1) {
            throw new IllegalArgumentException("termMonths must be at least 1, was " + termMonths);
        }
        this.applicationId = applicationId;
        this.applicantAge = applicantAge;
        this.monthlyIncome = monthlyIncome;
        this.monthlyDebtPayments = monthlyDebtPayments;
        this.requestedAmount = requestedAmount;
        this.termMonths = termMonths;
        this.employmentStatus = Objects.requireNonNull(employmentStatus, "employmentStatus is required");
        this.worstDelinquencyMonths = worstDelinquencyMonths;
        this.modelInputs = modelInputs == null ? Map.of() : Map.copyOf(modelInputs);
        this.repaymentHistory = repaymentHistory == null ? List.of() : List.copyOf(repaymentHistory);
        if (!this.repaymentHistory.isEmpty() && this.repaymentHistory.size() != HISTORY_MONTHS) {
            throw new IllegalArgumentException("repaymentHistory must hold " + HISTORY_MONTHS + " months (oldest first), was "
                    + this.repaymentHistory.size());
        }
    }

    public String getApplicationId() {
        return applicationId;
    }

    public int getApplicantAge() {
        return applicantAge;
    }

    public double getMonthlyIncome() {
        return monthlyIncome;
    }

    public double getMonthlyDebtPayments() {
        return monthlyDebtPayments;
    }

    public double getRequestedAmount() {
        return requestedAmount;
    }

    public int getTermMonths() {
        return termMonths;
    }

    public EmploymentStatus getEmploymentStatus() {
        return employmentStatus;
    }

    public int getWorstDelinquencyMonths() {
        return worstDelinquencyMonths;
    }

    public Map<String, Object> getModelInputs() {
        return modelInputs;
    }

    /** The repayment history, oldest month first; empty when the application has none. */
    public List<RepaymentMonth> getRepaymentHistory() {
        return repaymentHistory;
    }

    /** Whether the application carries a repayment history (what the behaviour model needs). */
    public boolean hasRepaymentHistory() {
        return !repaymentHistory.isEmpty();
    }

    /** The new loan's monthly instalment, without interest: requested amount / term. */
    public double getMonthlyInstallment() {
        return requestedAmount / termMonths;
    }

    /**
     * Debt-to-income ratio after the new loan: (existing debt payments + new instalment) /
     * income. Infinite when there is no income.
     */
    public double getDebtToIncome() {
        if (monthlyIncome <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return (monthlyDebtPayments + getMonthlyInstallment()) / monthlyIncome;
    }

    /**
     * A model input by its feature name, or {@value io.credence.plugin.drl.RuleModels#APPLICATION_ID}: the
     * id that assigns the application to a model's champion or challenger.
     */
    @Override
    public Object feature(String name) {
        if (io.credence.plugin.drl.RuleModels.APPLICATION_ID.equals(name)) {
            return applicationId;
        }
        String field = FIELD_ALIASES.get(name);
        if (field != null) {
            return switch (field) {
                case "applicantAge" -> applicantAge;
                case "requestedAmount" -> requestedAmount;
                default -> termMonths;
            };
        }
        if (!repaymentHistory.isEmpty()) {
            switch (name) {
                case STATUS_CHANNEL -> {
                    return channel(m -> m.status());
                }
                case BILL_CHANNEL -> {
                    return channel(RepaymentMonth::billAmount);
                }
                case PAYMENT_CHANNEL -> {
                    return channel(RepaymentMonth::paymentAmount);
                }
                default -> {
                }
            }
        }
        Object value = modelInputs.get(name); // Map.copyOf holds no null values
        return value != null ? value : FeatureSource.ABSENT;
    }

    private List<Double> channel(java.util.function.ToDoubleFunction<RepaymentMonth> field) {
        List<Double> values = new ArrayList<>(repaymentHistory.size());
        for (RepaymentMonth m : repaymentHistory) {
            values.add(field.applyAsDouble(m));
        }
        return values;
    }

    @Override
    public String toString() {
        return "LoanApplication[" + applicationId + "]";
    }
}

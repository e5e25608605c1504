package io.credence.bench;

import io.credence.rules.application.EmploymentStatus;
import io.credence.rules.application.LoanApplication;
import java.util.Map;

/** Applications the benchmarks decide: German-credit model inputs plus the policy fields. */
public final class BenchApplications {

    private BenchApplications() {
    }

    /**
     * An applicant who passes every policy rule and whom the model approves (probability of
     * default 19.6 %, under the 20 % cut-off): the scoring rule and one cut-off rule fire, no
     * explanation is computed. The decision benchmarks compare like with like on this one.
     */
    public static LoanApplication approved() {
        return application("BENCH-APPROVED", "NONE");
    }

    /**
     * The same applicant with a 0-200 DM checking account: the model declines (36.1 %), so the
     * cut-off rule also asks for the model's explanation (occlusion, one batched ONNX Runtime call).
     */
    public static LoanApplication declined() {
        return application("BENCH-DECLINED", "LOW");
    }

    /** The inputs {@link #declinedDiffering} moves away from the reference applicant, one per extra feature, in order. */
    private static final java.util.List<Map.Entry<String, Object>> FURTHER = java.util.List.of(
            Map.entry("savings", "FROM_100_TO_500"), Map.entry("employmentLength", "FROM_4_TO_7_YEARS"), Map.entry("installmentRatePct", 4),
            Map.entry("housing", "RENT"), Map.entry("creditHistory", "CRITICAL_ACCOUNT"), Map.entry("purpose", "NEW_CAR"),
            Map.entry("job", "HIGHLY_QUALIFIED"), Map.entry("telephone", "REGISTERED"), Map.entry("otherDebtors", "CO_APPLICANT"),
            Map.entry("otherInstallmentPlans", "BANK"), Map.entry("existingCredits", 2),
            Map.entry("dependents", 2));

    /**
     * The declined applicant with {@code differing} (6 to 18) inputs away from the reference
     * applicant's: 6 is {@link #declined()} (checking account, duration, amount, age, residence,
     * property); each further one adds, in this order, savings, employment, instalment rate,
     * housing (10), credit history, purpose, job and telephone (14), other debtors, other
     * instalment plans, existing credits and dependents (18: every feature of the model).
     */
    public static LoanApplication declinedDiffering(int differing) {
        if (differing < 6 || differing > 6 + FURTHER.size()) {
            throw new IllegalArgumentException("differing must be 6 to " + (6 + FURTHER.size()) + ", was " + differing);
        }
        Map<String, Object> inputs = new java.util.HashMap<>(declined().getModelInputs());
        for (Map.Entry<String, Object> e : FURTHER.subList(0, differing - 6)) {
            inputs.put(e.getKey(), e.getValue());
        }
        return new LoanApplication("BENCH-DECLINED-" + differing, 36, 3800, 450, 4200, 24, EmploymentStatus.EMPLOYED, 0, inputs);
    }

    private static LoanApplication application(String id, String checkingStatus) {
        Map<String, Object> inputs = Map.ofEntries(
                Map.entry("checkingAccount", checkingStatus), Map.entry("creditHistory", "EXISTING_PAID_DULY"), Map.entry("purpose", "RADIO_TV"),
                Map.entry("savings", "UNDER_100"), Map.entry("employmentLength", "FROM_1_TO_4_YEARS"), Map.entry("installmentRatePct", 3),
                Map.entry("personal_status_sex", "A93"), Map.entry("otherDebtors", "NONE"), Map.entry("residenceYears", 2),
                Map.entry("property", "REAL_ESTATE"), Map.entry("otherInstallmentPlans", "NONE"), Map.entry("housing", "OWN"),
                Map.entry("existingCredits", 1), Map.entry("job", "SKILLED"), Map.entry("dependents", 1),
                Map.entry("telephone", "NONE"), Map.entry("foreign_worker", "A201"));
        return new LoanApplication(id, 36, 3800, 450, 4200, 24, EmploymentStatus.EMPLOYED, 0, inputs);
    }
}

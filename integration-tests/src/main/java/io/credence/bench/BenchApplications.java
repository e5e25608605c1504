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
        return application("BENCH-APPROVED", "A14");
    }

    /**
     * The same applicant with a 0-200 DM checking account: the model declines (36.1 %), so the
     * cut-off rule also asks for the model's explanation (occlusion, one batched ONNX Runtime call).
     */
    public static LoanApplication declined() {
        return application("BENCH-DECLINED", "A12");
    }

    /** The inputs {@link #declinedDiffering} moves away from the reference applicant, one per extra feature, in order. */
    private static final java.util.List<Map.Entry<String, Object>> FURTHER = java.util.List.of(
            Map.entry("savings", "A62"), Map.entry("employment_since", "A74"), Map.entry("installment_rate_pct", 4),
            Map.entry("housing", "A151"), Map.entry("credit_history", "A34"), Map.entry("purpose", "A40"),
            Map.entry("job", "A174"), Map.entry("telephone", "A192"), Map.entry("other_debtors", "A102"),
            Map.entry("other_installment_plans", "A141"), Map.entry("existing_credits", 2),
            Map.entry("num_dependents", 2));

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
                Map.entry("checking_status", checkingStatus), Map.entry("credit_history", "A32"), Map.entry("purpose", "A43"),
                Map.entry("savings", "A61"), Map.entry("employment_since", "A73"), Map.entry("installment_rate_pct", 3),
                Map.entry("personal_status_sex", "A93"), Map.entry("other_debtors", "A101"), Map.entry("residence_since", 2),
                Map.entry("property", "A121"), Map.entry("other_installment_plans", "A143"), Map.entry("housing", "A152"),
                Map.entry("existing_credits", 1), Map.entry("job", "A173"), Map.entry("num_dependents", 1),
                Map.entry("telephone", "A191"), Map.entry("foreign_worker", "A201"));
        return new LoanApplication(id, 36, 3800, 450, 4200, 24, EmploymentStatus.EMPLOYED, 0, inputs);
    }
}

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

    /**
     * The declined applicant with more inputs away from the reference applicant's: {@code 6}
     * (as {@link #declined()}: checking account, duration, amount, age, residence, property), {@code 10}
     * (also savings, employment, instalment rate, housing) or {@code 14} (also credit history,
     * purpose, job, telephone).
     */
    public static LoanApplication declinedDiffering(int differing) {
        LoanApplication base = declined();
        Map<String, Object> inputs = new java.util.HashMap<>(base.getModelInputs());
        if (differing >= 10) {
            inputs.putAll(Map.of("savings", "A62", "employment_since", "A74", "installment_rate_pct", 4, "housing", "A151"));
        }
        if (differing >= 14) {
            inputs.putAll(Map.of("credit_history", "A34", "purpose", "A40", "job", "A174", "telephone", "A192"));
        }
        if (differing != 6 && differing != 10 && differing != 14) {
            throw new IllegalArgumentException("differing must be 6, 10 or 14, was " + differing);
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

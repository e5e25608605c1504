package io.credence.bench;

import io.credence.rules.application.EmploymentStatus;
import io.credence.rules.application.LoanApplication;
import java.util.Map;

/** Applications the benchmarks decide: German-credit model inputs plus the policy fields. */
public final class BenchApplications {

    private BenchApplications() {
    }

    /** A typical applicant that passes every policy rule, so the model and cut-off rules decide. */
    public static LoanApplication typical() {
        Map<String, Object> inputs = Map.ofEntries(
                Map.entry("checking_status", "A12"), Map.entry("credit_history", "A32"), Map.entry("purpose", "A43"),
                Map.entry("savings", "A61"), Map.entry("employment_since", "A73"), Map.entry("installment_rate_pct", 3),
                Map.entry("personal_status_sex", "A93"), Map.entry("other_debtors", "A101"), Map.entry("residence_since", 2),
                Map.entry("property", "A121"), Map.entry("other_installment_plans", "A143"), Map.entry("housing", "A152"),
                Map.entry("existing_credits", 1), Map.entry("job", "A173"), Map.entry("num_dependents", 1),
                Map.entry("telephone", "A191"), Map.entry("foreign_worker", "A201"));
        return new LoanApplication("BENCH-1", 36, 3800, 450, 4200, 24, EmploymentStatus.EMPLOYED, 0, inputs);
    }
}

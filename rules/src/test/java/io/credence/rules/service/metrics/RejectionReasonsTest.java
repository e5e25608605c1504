package io.credence.rules.service.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.credence.rules.service.input.ApplicationSchema;
import io.credence.rules.service.input.Violation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reason tag stays within the fields the schema names, whatever an input holds. */
class RejectionReasonsTest {

    final RejectionReasons reasons = new RejectionReasons(ServiceMetrics.schemaFields(ApplicationSchema.load()));

    @Test
    void theSchemasTopLevelFieldsAreTheReasons() {
        assertEquals(Set.of("applicationId", "applicantAge", "monthlyIncome", "monthlyDebtPayments", "requestedAmount",
                "termMonths", "employmentStatus", "worstDelinquencyMonths", "repaymentHistory", "modelInputs"),
                ServiceMetrics.schemaFields(ApplicationSchema.load()));
        assertEquals("termMonths", reasons.of(List.of(new Violation("termMonths", "999", "<= 480"))));
        assertEquals("$", reasons.of(List.of(new Violation(Violation.WHOLE_INPUT, null, "a JSON object"))));
    }

    @Test
    void aModelInputsNameAndAnUnknownFieldNeverBecomeATag() {
        assertEquals("modelInputs", reasons.of(List.of(new Violation("modelInputs.anyFeatureName", "x", "a number"))));
        assertEquals(RejectionReasons.OTHER, reasons.of(List.of(new Violation("MariaMusterfrau", "DE89", "no such field"))));
        assertEquals(RejectionReasons.OTHER, reasons.of(List.of(new Violation("termMonthsX.y", "1", "no such field"))));
    }

    @Test
    void theFirstViolationNamesTheReason() {
        assertEquals("applicantAge", reasons.of(List.of(new Violation("applicantAge", "12", ">= 18"),
                new Violation("termMonths", "999", "<= 480"))));
    }
}

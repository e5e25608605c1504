package io.credence.rules.service.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The ids in the MDC while a decision is worked on, and the format setting. */
class DecisionLogContextTest {

    @Test
    void theIdsAreSetForTheWorkAndWhatWasThereBeforeComesBack() {
        MDC.put(DecisionLogContext.DECISION_ID, "outer-decision");
        MDC.put(DecisionLogContext.APPLICATION_ID, "outer-application");
        try (DecisionLogContext ids = DecisionLogContext.open("d-1")) {
            assertEquals("d-1", MDC.get(DecisionLogContext.DECISION_ID));
            assertNull(MDC.get(DecisionLogContext.APPLICATION_ID), "no application id before the input is read");
            ids.applicationId("app-1").decisionId("stored-d-0");
            assertEquals("app-1", MDC.get(DecisionLogContext.APPLICATION_ID));
            assertEquals("stored-d-0", MDC.get(DecisionLogContext.DECISION_ID));
        } finally {
            assertEquals("outer-decision", MDC.get(DecisionLogContext.DECISION_ID));
            assertEquals("outer-application", MDC.get(DecisionLogContext.APPLICATION_ID));
            MDC.clear();
        }
        try (DecisionLogContext ids = DecisionLogContext.open("d-2")) {
            ids.applicationId("app-2");
        }
        assertNull(MDC.get(DecisionLogContext.DECISION_ID));
        assertNull(MDC.get(DecisionLogContext.APPLICATION_ID));
    }

    @Test
    void theFormatIsTextOrJsonAndAnythingElseIsNamed() {
        assertEquals(LogFormat.TEXT, LogFormat.of(null));
        assertEquals(LogFormat.TEXT, LogFormat.of(" "));
        assertEquals(LogFormat.JSON, LogFormat.of(" JSON "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogFormat.of("logfmt"));
        assertEquals("credence.log.format must be text or json, was logfmt", e.getMessage());
    }
}

package io.credence.rules.service.logs;

import org.slf4j.MDC;

/**
 * The ids of the decision a thread works on, in the logging MDC ({@value #DECISION_ID},
 * {@value #APPLICATION_ID}) for as long as the work lasts, so that every line logged meanwhile
 * (by the service, the rules, the models, the audit store) carries them; the values before are
 * put back on close. Ids only: never a value of the application.
 *
 * <pre>{@code
 * try (DecisionLogContext ids = DecisionLogContext.open(decisionId)) {
 *     ids.applicationId(applicationId);    // once it is known
 *     LOG.info("decided");                 // {"mdc": {"decisionId": "…", "applicationId": "…"}, …}
 * }
 * }</pre>
 */
public final class DecisionLogContext implements AutoCloseable {

    /** MDC key of the decision id. */
    public static final String DECISION_ID = "decisionId";
    /** MDC key of the lender's application id. */
    public static final String APPLICATION_ID = "applicationId";

    private final String previousDecisionId;
    private final String previousApplicationId;

    private DecisionLogContext() {
        this.previousDecisionId = MDC.get(DECISION_ID);
        this.previousApplicationId = MDC.get(APPLICATION_ID);
    }

    /** Puts {@code decisionId} in this thread's MDC (and no application id yet). */
    public static DecisionLogContext open(String decisionId) {
        DecisionLogContext context = new DecisionLogContext();
        context.decisionId(decisionId);
        MDC.remove(APPLICATION_ID);
        return context;
    }

    /** The decision the work is about now (a replay answers with the stored decision's id). */
    public DecisionLogContext decisionId(String decisionId) {
        put(DECISION_ID, decisionId);
        return this;
    }

    /** The application's id, once read (null: none). */
    public DecisionLogContext applicationId(String applicationId) {
        put(APPLICATION_ID, applicationId);
        return this;
    }

    @Override
    public void close() {
        put(DECISION_ID, previousDecisionId);
        put(APPLICATION_ID, previousApplicationId);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}

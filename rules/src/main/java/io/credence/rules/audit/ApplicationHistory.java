package io.credence.rules.audit;

/**
 * What the audit log already holds of an application when a new input of it arrives.
 *
 * @param sameInputDecisionId the record of the identical input (same application id, same input key),
 *                            or null: when set, the new input is a replay of that decision
 * @param latestDecisionId    the application's newest DECIDED record, or null: a new decision of other
 *                            content supersedes it
 */
public record ApplicationHistory(String sameInputDecisionId, String latestDecisionId) {

    /** Nothing is known of the application. */
    public static final ApplicationHistory NONE = new ApplicationHistory(null, null);
}

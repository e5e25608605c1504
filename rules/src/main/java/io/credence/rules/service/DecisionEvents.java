package io.credence.rules.service;

/**
 * What a {@link DecisionService} reports after each application it answered (decided, rejected,
 * failed or replayed; one call each), for whoever counts it (the service's metrics). Not called when
 * the audit store could not record it ({@link io.credence.rules.audit.AuditUnavailableException}):
 * then nothing was answered. Called on the deciding thread; {@link #NONE} ignores everything.
 *
 * <pre>{@code
 * DecisionService counted = service.reportingTo((channel, outcome, nanos) -> seen.increment());
 * }</pre>
 */
@FunctionalInterface
public interface DecisionEvents {

    /** Reports nothing (the default). */
    DecisionEvents NONE = (channel, outcome, nanos) -> {
    };

    /** {@code outcome} reached through {@code channel} was answered {@code nanos} after the service received it. */
    void answered(Channel channel, ServiceOutcome outcome, long nanos);

    /** This, then {@code next}, for each answer. */
    default DecisionEvents andThen(DecisionEvents next) {
        return (channel, outcome, nanos) -> {
            answered(channel, outcome, nanos);
            next.answered(channel, outcome, nanos);
        };
    }
}

package io.credence.rules.camel;

import org.apache.camel.Message;
import org.apache.camel.spi.Metadata;

/**
 * Every header name the {@code credence:} endpoints read or set.
 *
 * <pre>{@code
 * from("direct:apply").to("credence:decide")
 *     .choice().when(header(CredenceConstants.OUTCOME).isEqualTo("DECLINE")).to("direct:notice");
 * }</pre>
 *
 * <p>The two headers {@code decide} reads ({@link #CHANNEL}, {@link #REQUESTED_BY}) end up in the
 * audit record: a route whose messages come from outside (HTTP, Kafka) should remove inbound
 * {@code Credence*} headers first ({@link #removeAll(Message)}), as the service's own routes do.
 */
public final class CredenceConstants {

    /** The URI scheme. */
    public static final String SCHEME = "credence";

    // --- decide: set

    @Metadata(label = "decide", description = "Id of the decision (or rejection) the exchange produced.", javaType = "String")
    public static final String DECISION_ID = "CredenceDecisionId";
    @Metadata(label = "decide", description = "The applicationId of the decided input (absent when it had none).",
            javaType = "String")
    public static final String APPLICATION_ID = "CredenceApplicationId";
    @Metadata(label = "decide", description = "What the audit record says happened: DECIDED, REJECTED or FAILED"
            + " (of the first time, for a replay).", javaType = "String")
    public static final String STATUS = "CredenceStatus";
    @Metadata(label = "decide", description = "The decision: APPROVE, REFER or DECLINE; absent when nothing was decided.",
            javaType = "String")
    public static final String OUTCOME = "CredenceOutcome";
    @Metadata(label = "decide", description = "True when the identical application was recorded before: the answer is"
            + " that record, and nothing new was decided or written.", javaType = "Boolean")
    public static final String REPLAYED = "CredenceReplayed";

    // --- decide: read

    @Metadata(label = "decide", description = "Overrides the endpoint's channel option for this exchange: rest, file,"
            + " kafka or camel.", javaType = "String")
    public static final String CHANNEL = "CredenceChannel";
    @Metadata(label = "decide", description = "Overrides the endpoint's requestedBy option: who asked for the decision,"
            + " kept in the audit record.", javaType = "String")
    public static final String REQUESTED_BY = "CredenceRequestedBy";

    /**
     * Exchange property (not a header: nothing from outside can set it): a {@link java.util.concurrent.Executor}
     * on which {@code credence:decide} may finish the exchange once the decision's audit record is
     * durable, instead of holding the calling thread for the commit. Set by a consumer that answers
     * asynchronously (the REST channel's {@code io.credence.rules.service.routes.AnsweringHttpEngine});
     * without it (or without {@link #BLOCKING}) the producer decides and records on the calling thread.
     */
    public static final String CONTINUATION = "CredenceContinuation";

    /**
     * Exchange property, set together with {@link #CONTINUATION}: a {@link java.util.concurrent.Executor}
     * whose threads may block (a worker pool, never an event loop), for what an asynchronous decision
     * must still ask the audit store after its commit failed: the earlier record of an input another
     * request recorded first, or the rejection of an input the store refused.
     */
    public static final String BLOCKING = "CredenceBlocking";

    // --- score and explain: set

    @Metadata(label = "score explain", description = "The model that computed the answer.", javaType = "String")
    public static final String MODEL = "CredenceModel";
    @Metadata(label = "score explain", description = "The model version actually used (the serving one unless the"
            + " version option chose one).", javaType = "String")
    public static final String MODEL_VERSION = "CredenceModelVersion";
    @Metadata(label = "score", description = "The ONNX Runtime execution provider that computed the score, e.g. cpu"
            + " or cuda:0.", javaType = "String")
    public static final String EXECUTION_PROVIDER = "CredenceExecutionProvider";
    @Metadata(label = "score explain", description = "The model's probability of the bad outcome, in [0, 1].",
            javaType = "Double")
    public static final String PROBABILITY = "CredenceProbability";
    @Metadata(label = "explain", description = "How the attributions were computed: OCCLUSION, SHAPLEY_SAMPLING or"
            + " BASELINE_SHAPLEY.", javaType = "String")
    public static final String EXPLANATION_METHOD = "CredenceExplanationMethod";
    @Metadata(label = "explain", description = "True when the attributions are exact Shapley values (error 0).",
            javaType = "Boolean")
    public static final String EXPLANATION_EXACT = "CredenceExplanationExact";

    private static final String PREFIX = "Credence";

    private CredenceConstants() {
    }

    /** Removes every header whose name starts with {@code Credence} (any case) from a message that came from outside. */
    public static void removeAll(Message message) {
        message.getHeaders().keySet().removeIf(name -> name.regionMatches(true, 0, PREFIX, 0, PREFIX.length()));
    }
}

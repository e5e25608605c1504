package io.credence.rules.camel;

import io.credence.plugin.explain.ExplanationMethod;
import io.credence.rules.service.Channel;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * One {@code credence:} endpoint: an operation and its options. Producer only.
 *
 * <pre>{@code
 * from("direct:apply").to("credence:decide?channel=camel&outputType=object");
 * from("direct:score").to("credence:score?model=credit-default&version=1.0.0");
 * from("direct:why").to("credence:explain?model=credit-default&method=OCCLUSION");
 * }</pre>
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = CredenceConstants.SCHEME, title = "Credence",
        syntax = "credence:operation", producerOnly = true, category = {Category.AI, Category.FINANCE},
        headersClass = CredenceConstants.class)
public final class CredenceEndpoint extends DefaultEndpoint {

    @UriPath(enums = "decide,score,explain", description = "What to do: decide an application (policy rules, model,"
            + " audit record), score model inputs with one model, or explain one model's score.")
    @Metadata(required = true)
    private final CredenceOperation operation;

    @UriParam(defaultValue = "json", enums = "json,object", description = "The body of the answer: json (JSON text;"
            + " for decide the body the REST API answers with) or object (decide: the ServiceOutcome; score: the"
            + " Score; explain: the Explanation).")
    private OutputType outputType = OutputType.JSON;

    @UriParam(label = "decide", defaultValue = "camel", enums = "rest,file,kafka,camel", description = "The channel"
            + " the audit record names as where the application came from; the header CredenceChannel overrides it.")
    private String channel = Channel.CAMEL.auditName();

    @UriParam(label = "decide", description = "Who asked for the decision, kept in the audit record (empty: nobody"
            + " recorded); the header CredenceRequestedBy overrides it.")
    private String requestedBy;

    @UriParam(label = "decide", defaultValue = "true", description = "true: an application the service rejects (it"
            + " breaks the input schema) fails the exchange with InvalidApplicationException naming every field and"
            + " what was expected, and a failed decision with DecisionFailedException; false: they are answers like a"
            + " decision (the error body, or a ServiceOutcome.Rejected / Failed). Audited once either way.")
    private boolean failOnRejection = true;

    @UriParam(label = "score,explain", description = "The model to use, by name (required for score and explain),"
            + " e.g. credit-default.")
    private String model;

    @UriParam(label = "score,explain", description = "The model version to use; empty: the serving (highest) version.")
    private String version;

    @UriParam(label = "explain", defaultValue = "BASELINE_SHAPLEY", enums = "OCCLUSION,SHAPLEY_SAMPLING,BASELINE_SHAPLEY",
            description = "How attributions are computed (docs/explanations.md).")
    private ExplanationMethod method = ExplanationMethod.BASELINE_SHAPLEY;

    CredenceEndpoint(String uri, CredenceComponent component, CredenceOperation operation) {
        super(uri, component);
        this.operation = operation;
    }

    @Override
    public CredenceComponent getComponent() {
        return (CredenceComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return operation.producer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("credence:" + operation.uriName() + " is a producer endpoint: use it"
                + " in to(...), not from(...)");
    }

    /** Checks the options together, naming the one that is wrong. */
    void validate() {
        Channel.of(channel);
        if (operation != CredenceOperation.DECIDE && (model == null || model.isBlank())) {
            throw new IllegalArgumentException("credence:" + operation.uriName() + " needs the option model (the name"
                    + " of a loaded model), e.g. credence:" + operation.uriName() + "?model=credit-default");
        }
    }

    public CredenceOperation getOperation() {
        return operation;
    }

    public OutputType getOutputType() {
        return outputType;
    }

    public void setOutputType(OutputType outputType) {
        this.outputType = outputType;
    }

    public String getChannel() {
        return channel;
    }

    public void setChannel(String channel) {
        this.channel = channel;
    }

    public String getRequestedBy() {
        return requestedBy;
    }

    public void setRequestedBy(String requestedBy) {
        this.requestedBy = requestedBy;
    }

    public boolean isFailOnRejection() {
        return failOnRejection;
    }

    public void setFailOnRejection(boolean failOnRejection) {
        this.failOnRejection = failOnRejection;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public ExplanationMethod getMethod() {
        return method;
    }

    public void setMethod(ExplanationMethod method) {
        this.method = method;
    }
}

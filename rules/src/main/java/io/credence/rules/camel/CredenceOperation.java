package io.credence.rules.camel;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import org.apache.camel.Producer;

/** The operations of the {@code credence:} scheme, each with the producer that performs it. */
public enum CredenceOperation {
    /** Decide an application: validate, run the policy, audit; answer with the decision. */
    DECIDE(DecideProducer::new),
    /** Score model inputs (or an application) with one model. */
    SCORE(ScoreProducer::new),
    /** Explain one model's score: attributions per feature, with method, exactness and error. */
    EXPLAIN(ExplainProducer::new);

    private final Function<CredenceEndpoint, Producer> producer;

    CredenceOperation(Function<CredenceEndpoint, Producer> producer) {
        this.producer = producer;
    }

    Producer producer(CredenceEndpoint endpoint) {
        return producer.apply(endpoint);
    }

    /** The name in a URI: {@code decide}, {@code score}, {@code explain}. */
    public String uriName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The operation a URI names, e.g. {@code decide} in {@code credence:decide?channel=rest}. */
    public static CredenceOperation of(String name) {
        for (CredenceOperation op : values()) {
            if (op.uriName().equals(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("credence:" + name + ": the operation must be one of "
                + Arrays.stream(values()).map(CredenceOperation::uriName).toList() + ", was '" + name + "'");
    }
}

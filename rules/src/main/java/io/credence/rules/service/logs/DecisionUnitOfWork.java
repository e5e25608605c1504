package io.credence.rules.service.logs;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.impl.engine.DefaultUnitOfWork;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.slf4j.MDC;

/**
 * Camel's unit of work with the ids of the exchange's decision in the logging MDC, on whichever
 * thread works on the exchange after the decision returned: the rest of the route (the HTTP reply,
 * the Kafka send and its acknowledgement on the producer's thread), and the exchange's completions
 * (the file consumer moving the file, an {@code onCompletion}). {@code credence:decide}
 * {@link #carry carries} the ids on the exchange; this unit of work puts them in the MDC before
 * each step and takes them out after it, so a pooled thread never keeps them for the next exchange.
 *
 * <pre>{@code
 * DecisionUnitOfWork.install(camelContext);        // before the routes start; the service does it
 * // in a producer, after the decision:
 * DecisionUnitOfWork.carry(exchange, decisionId, applicationId);
 * }</pre>
 *
 * <p>Lines written outside an exchange, or for several decisions at once (a Kafka offset commit
 * of a whole poll, a batch file's summary), carry no decision id: there is not one.
 */
public final class DecisionUnitOfWork extends DefaultUnitOfWork {

    /** Exchange property: the decision id of the exchange's decision. */
    public static final String DECISION_ID_PROPERTY = "CredenceLogDecisionId";
    /** Exchange property: its application id (absent: none). */
    public static final String APPLICATION_ID_PROPERTY = "CredenceLogApplicationId";

    /** Steps entered and not yet left (a route calling another through {@code direct:} nests them). */
    private final AtomicInteger depth = new AtomicInteger();

    DecisionUnitOfWork(Exchange exchange, CamelContext context) {
        super(exchange, context.getInflightRepository(), context.isAllowUseOriginalMessage(), context.isUseBreadcrumb());
    }

    /** Makes every exchange of {@code context} use this unit of work; call it before the routes are added. */
    public static void install(CamelContext context) {
        context.getCamelContextExtension().addContextPlugin(UnitOfWorkFactory.class, new Factory());
    }

    /** Whether the exchanges of {@code context} use this unit of work ({@link #install}ed before its routes). */
    public static boolean installedIn(CamelContext context) {
        return context.getCamelContextExtension().getContextPlugin(UnitOfWorkFactory.class) instanceof Factory;
    }

    /**
     * The ids of the exchange's decision, for the lines written for it from now on; in this thread's
     * MDC too when the exchange's unit of work takes them out again (otherwise only on the exchange).
     */
    public static void carry(Exchange exchange, String decisionId, String applicationId) {
        exchange.setProperty(DECISION_ID_PROPERTY, decisionId);
        if (applicationId == null) {
            exchange.removeProperty(APPLICATION_ID_PROPERTY);
        } else {
            exchange.setProperty(APPLICATION_ID_PROPERTY, applicationId);
        }
        if (exchange.getUnitOfWork() instanceof DecisionUnitOfWork) {
            put(exchange);
        }
    }

    @Override
    public boolean isBeforeAfterProcess() {
        return true;
    }

    @Override
    public AsyncCallback beforeProcess(Processor processor, Exchange exchange, AsyncCallback callback) {
        depth.incrementAndGet();
        put(exchange);
        AsyncCallback next = super.beforeProcess(processor, exchange, callback);
        return doneSync -> {
            if (!doneSync) {
                // Continued on another thread (e.g. the Kafka producer's acknowledgement).
                put(exchange);
            }
            next.done(doneSync);
        };
    }

    @Override
    public void afterProcess(Processor processor, Exchange exchange, AsyncCallback callback, boolean doneSync) {
        super.afterProcess(processor, exchange, callback, doneSync);
        // Called on the thread that entered, also when the exchange goes on elsewhere: the ids leave
        // this thread with the outermost step; the thread that completes the exchange takes them in done.
        if (depth.decrementAndGet() <= 0) {
            take();
        }
    }

    @Override
    public void done(Exchange exchange) {
        put(exchange);
        try {
            super.done(exchange);
        } finally {
            take();
        }
    }

    private static void put(Exchange exchange) {
        String decisionId = exchange.getProperty(DECISION_ID_PROPERTY, String.class);
        if (decisionId == null) {
            return;
        }
        MDC.put(DecisionLogContext.DECISION_ID, decisionId);
        String applicationId = exchange.getProperty(APPLICATION_ID_PROPERTY, String.class);
        if (applicationId == null) {
            MDC.remove(DecisionLogContext.APPLICATION_ID);
        } else {
            MDC.put(DecisionLogContext.APPLICATION_ID, applicationId);
        }
    }

    private static void take() {
        MDC.remove(DecisionLogContext.DECISION_ID);
        MDC.remove(DecisionLogContext.APPLICATION_ID);
    }

    /** Makes a {@link DecisionUnitOfWork} for every exchange. */
    static final class Factory implements UnitOfWorkFactory {
        @Override
        public UnitOfWork createUnitOfWork(Exchange exchange) {
            return new DecisionUnitOfWork(exchange, exchange.getContext());
        }
    }
}

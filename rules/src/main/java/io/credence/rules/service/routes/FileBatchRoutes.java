package io.credence.rules.service.routes;

import io.credence.rules.audit.AuditUnavailableException;
import io.credence.rules.camel.ApplicationInput;
import io.credence.rules.camel.CredenceComponent;
import io.credence.rules.service.ServiceOutcome;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.component.file.GenericFile;

/**
 * The file batch channel: polls a folder for {@code *.jsonl} and {@code *.csv} and hands each file
 * (the file, never its content) to {@link BatchFile}, which streams it and writes
 * {@code <name>.results.jsonl} to the output folder as it goes. A finished input moves to
 * {@code <input>/.done}. Each record is decided through {@code credence:decide} ({@link #DECIDE}).
 *
 * <pre>{@code
 * camel.addRoutes(new FileBatchRoutes(new BatchFile(service, BatchSettings.DEFAULTS), Path.of("inbox"),
 *         Path.of("outbox"), Duration.ofSeconds(5)));
 * }</pre>
 *
 * <p>When the audit log fails part-way (or the route is stopped) the input stays where it is, with
 * its partial results; the file is offered again after {@code retryDelay} and resumes where it
 * stopped.
 */
public final class FileBatchRoutes extends RouteBuilder {

    public static final String ROUTE_ID = "decisions-file";

    /** How each record is decided: the service's outcome as an object, a rejection being a result line too. */
    static final String DECIDE = "credence:decide?channel=file&outputType=object&failOnRejection=false";

    private final BatchFile given;
    /** The batch deciding its records through {@link #DECIDE}; set by {@link #configure()}. */
    private volatile BatchFile batch;
    private final Path input;
    private final Path output;
    private final Duration retryDelay;
    /** Absolute path of an input that stopped part-way -> System.nanoTime() before which it is not offered again. */
    private final Map<String, Long> notBefore = new ConcurrentHashMap<>();

    public FileBatchRoutes(BatchFile batch, Path input, Path output, Duration retryDelay) {
        this.given = batch;
        this.batch = batch;
        this.input = input.toAbsolutePath();
        this.output = output.toAbsolutePath();
        this.retryDelay = retryDelay;
    }

    @Override
    public void configure() throws Exception {
        // Not exhausted errors to log with a stack trace: the file stays, and is tried again (logged below).
        onException(AuditUnavailableException.class, CancellationException.class)
                .logExhausted(false).logStackTrace(false);

        // Each record is decided through the credence component, as any integrator's route decides.
        CredenceComponent.bind(getContext(), given.service());
        Endpoint decide = getContext().getEndpoint(DECIDE);
        ProducerTemplate template = getContext().createProducerTemplate();
        getContext().addService(template, true);
        batch = given.through((raw, tree) -> decide(template, decide, new ApplicationInput(raw, tree)));

        FileEndpoint files = getContext().getEndpoint("file:" + input + "?include=.*\\.(jsonl|csv|JSONL|CSV)"
                + "&move=.done&readLock=changed&readLockCheckInterval=500", FileEndpoint.class);
        files.setFilter(this::due);
        from(files)
                .routeId(ROUTE_ID)
                .process(this::process);
    }

    /** One record through {@code credence:decide}; what it threw (the audit log unavailable) is thrown here. */
    private static ServiceOutcome decide(ProducerTemplate template, Endpoint decide, ApplicationInput input) {
        Exchange done = template.send(decide, e -> e.getIn().setBody(input));
        Exception failure = done.getException();
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IllegalStateException("credence:decide failed: " + failure.getMessage(), failure);
        }
        return done.getMessage().getBody(ServiceOutcome.class);
    }

    private boolean due(GenericFile<File> file) {
        Long at = notBefore.get(file.getAbsoluteFilePath());
        return file.isDirectory() || at == null || System.nanoTime() - at >= 0;
    }

    private void process(Exchange exchange) throws Exception {
        File file = exchange.getIn().getBody(File.class);
        if (file == null) {
            throw new IllegalArgumentException("the file batch route needs a file body, got "
                    + exchange.getIn().getBody());
        }
        String key = file.getAbsolutePath();
        CamelContext camel = exchange.getContext();
        try {
            BatchFile.Result result = batch.process(file.toPath(), output, () -> stopping(camel));
            notBefore.remove(key);
            exchange.getMessage().setBody(result.results().toFile());
            log.info("batch {}: {} result(s) in {} ({} resumed from partial results, {} decided, {} replayed,"
                    + " {} rejected or failed)", file.getName(), result.records(), result.results(), result.resumed(),
                    result.decided(), result.replayed(), result.refused());
        } catch (AuditUnavailableException | CancellationException e) {
            notBefore.put(key, System.nanoTime() + retryDelay.toNanos());
            log.warn("{}; the file stays in {} and is tried again in {} ms", e.getMessage(), input, retryDelay.toMillis());
            throw e;
        }
    }

    private static boolean stopping(CamelContext camel) {
        ServiceStatus route = camel.getRouteController().getRouteStatus(ROUTE_ID);
        return camel.isStopping() || camel.isStopped() || (route != null && (route.isStopping() || route.isStopped()));
    }
}

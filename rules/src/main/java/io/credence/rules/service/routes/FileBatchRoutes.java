package io.credence.rules.service.routes;

import io.credence.rules.audit.AuditUnavailableException;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The file batch channel: polls a folder for {@code *.jsonl} and {@code *.csv}, writes
 * {@code <name>.results.jsonl} to the output folder (via a temporary name, so a reader never
 * sees half a file) and moves the input to {@code <input>/.done}; when the audit log failed
 * part-way, to {@code <input>/.failed}. The work is in {@link BatchFile}.
 */
public final class FileBatchRoutes extends RouteBuilder {

    public static final String ROUTE_ID = "decisions-file";

    private final BatchFile batch;
    private final Path input;
    private final Path output;

    public FileBatchRoutes(BatchFile batch, Path input, Path output) {
        this.batch = batch;
        this.input = input.toAbsolutePath();
        this.output = output.toAbsolutePath();
    }

    @Override
    public void configure() {
        from("file:" + input + "?include=.*\\.(jsonl|csv|JSONL|CSV)&move=.done&moveFailed=.failed"
                + "&readLock=changed&readLockCheckInterval=500&charset=utf-8")
                .routeId(ROUTE_ID)
                .process(e -> {
                    String name = e.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
                    BatchFile.Result result = batch.process(name, e.getIn().getBody(String.class));
                    e.getMessage().setHeader(Exchange.FILE_NAME, name + ServiceHeaders.RESULTS_SUFFIX);
                    e.getMessage().setHeader(ServiceHeaders.BATCH_INCOMPLETE, !result.complete());
                    e.getMessage().setBody(result.results());
                    log.info("batch {}: {} line(s), {} decided", name, result.lines(), result.decided());
                })
                .to("file:" + output + "?tempPrefix=.writing-&charset=utf-8")
                .filter(header(ServiceHeaders.BATCH_INCOMPLETE).isEqualTo(true))
                .throwException(new AuditUnavailableException(
                        "the audit log failed part-way through the batch; the input moves to .failed", null));
    }
}

package io.credence.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The decision service's REST API over HTTP/1.1 with keep-alive (one {@link HttpClient}, whose
 * connection pool keeps a connection per concurrent caller). Thread-safe.
 *
 * <pre>{@code
 * DecisionClient client = new DecisionClient(URI.create("http://127.0.0.1:8080"));
 * DecisionClient.Reply reply = client.post(json);
 * }</pre>
 */
public final class DecisionClient {

    /** The decisions endpoint. */
    public static final String DECISIONS = "/api/v1/decisions";

    private final URI base;
    private final HttpClient http;

    public DecisionClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The service's base URI. */
    public URI base() {
        return base;
    }

    /**
     * One answer.
     *
     * @param status     HTTP status
     * @param body       response body
     * @param decisionId the {@code X-Credence-Decision-Id} header, or null
     * @param nanos      time from sending the request to having read the whole response
     */
    public record Reply(int status, String body, String decisionId, long nanos) {
    }

    /** {@code POST /api/v1/decisions} with {@code Content-Type: application/json}. */
    public Reply post(String json) throws IOException, InterruptedException {
        return post(json, "application/json");
    }

    /** {@code POST /api/v1/decisions} with the given content type (null: none). */
    public Reply post(String body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(DECISIONS))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    /** {@code GET path}, e.g. {@code /api/v1/decisions/<id>} or {@code /health}. */
    public Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET().build());
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - start;
        return new Reply(response.statusCode(), response.body(),
                response.headers().firstValue("X-Credence-Decision-Id").orElse(null), nanos);
    }
}

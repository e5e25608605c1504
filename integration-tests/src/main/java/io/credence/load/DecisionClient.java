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
    private final String path;
    private final String bearer;

    public DecisionClient(URI base) {
        this(base, DECISIONS, null);
    }

    /**
     * A client that posts to {@code path} (e.g. the load harness's baseline route) and sends
     * {@code Authorization: Bearer <bearer>} unless {@code bearer} is null.
     */
    public DecisionClient(URI base, String path, String bearer) {
        this.base = base;
        this.path = path;
        this.bearer = bearer;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The path {@link #post} posts to. */
    public String path() {
        return path;
    }

    /** The bearer token sent with every request, or null. */
    String bearer() {
        return bearer;
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

    /** {@code POST} to {@link #path()} (default {@code /api/v1/decisions}) with {@code Content-Type: application/json}. */
    public Reply post(String json) throws IOException, InterruptedException {
        return post(json, "application/json");
    }

    /** {@code POST /api/v1/decisions} with the given content type (null: none). */
    public Reply post(String body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build());
    }

    /** {@code GET path}, e.g. {@code /api/v1/decisions/<id>} or {@code /health}. */
    public Reply get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build());
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - start;
        return new Reply(response.statusCode(), response.body(),
                response.headers().firstValue("X-Credence-Decision-Id").orElse(null), nanos);
    }
}

package io.credence.rules.service.openapi;

import io.credence.rules.service.input.ApplicationSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 description the service answers at {@value #PATH}: the hand-written document
 * {@value #RESOURCE} with {@code components/schemas/}{@value #APPLICATION_SCHEMA} set to the
 * application schema the service validates with ({@link ApplicationSchema}, a build copy of
 * {@code docs/application.schema.json}), so the contract is written once.
 *
 * <pre>{@code
 * OpenApiDocument api = OpenApiDocument.load();
 * api.text();                                  // what GET /api/v1/openapi.json answers
 * api.operations();                            // {"/api/v1/decisions" -> [post], ...}
 * }</pre>
 *
 * <p>A new route is documented by adding its path (its operations, every status it answers) to
 * the resource; {@code OpenApiConformanceTest} fails for a platform-http route outside
 * {@code /audit} that the document does not list.
 */
public final class OpenApiDocument {

    /** Where the service answers the document. */
    public static final String PATH = "/api/v1/openapi.json";
    /** Classpath location of the hand-written document. */
    public static final String RESOURCE = "io/credence/rules/service/openapi/openapi.json";
    /** The name of the application schema under {@code components/schemas}. */
    public static final String APPLICATION_SCHEMA = "LoanApplication";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final ObjectNode document;
    private final String text;

    private OpenApiDocument(ObjectNode document) {
        this.document = document;
        this.text = JSON.writeValueAsString(document);
    }

    /** The document on the classpath with the application schema inserted. */
    public static OpenApiDocument load() {
        return of(resource(RESOURCE), ApplicationSchema.load().text());
    }

    /**
     * The document {@code template} with {@code applicationSchema} as
     * {@code components/schemas/LoanApplication}.
     *
     * @throws IllegalArgumentException when the template is not an OpenAPI 3.1 document, already holds
     *                                  that schema (it would be written twice), or has no paths
     */
    static OpenApiDocument of(String template, String applicationSchema) {
        JsonNode tree = JSON.readTree(template);
        if (!(tree instanceof ObjectNode document) || !tree.path("openapi").asString("").startsWith("3.1.")) {
            throw new IllegalArgumentException(RESOURCE + ": openapi must be 3.1.x, was " + tree.path("openapi"));
        }
        if (!tree.path("paths").isObject() || tree.path("paths").isEmpty()) {
            throw new IllegalArgumentException(RESOURCE + ": paths must list the operations");
        }
        JsonNode schemas = tree.path("components").path("schemas");
        if (!(schemas instanceof ObjectNode schemaObject)) {
            throw new IllegalArgumentException(RESOURCE + ": components.schemas must be an object");
        }
        if (schemaObject.has(APPLICATION_SCHEMA)) {
            throw new IllegalArgumentException(RESOURCE + ": components.schemas." + APPLICATION_SCHEMA
                    + " is inserted from " + ApplicationSchema.RESOURCE + "; the template must not hold it");
        }
        schemaObject.set(APPLICATION_SCHEMA, JSON.readTree(applicationSchema));
        return new OpenApiDocument(document);
    }

    /** The document as JSON text. */
    public String text() {
        return text;
    }

    /** A copy of the document. */
    public JsonNode tree() {
        return document.deepCopy();
    }

    /** Each path with its operations (lower-case HTTP methods), in document order. */
    public Map<String, List<String>> operations() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            out.put(path.getKey(), METHODS.stream().filter(path.getValue()::has).toList());
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}

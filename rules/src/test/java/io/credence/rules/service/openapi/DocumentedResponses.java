package io.credence.rules.service.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks real HTTP responses against an OpenAPI 3.1 document: the status is one the operation
 * documents, the documented required headers are there, and the JSON body validates (JSON Schema
 * 2020-12, networknt) against the documented schema, {@code $ref}s resolved inside the document.
 * A body of another documented media type (Prometheus text, say) is checked for its type only.
 * Remembers which operation answered which status.
 */
final class DocumentedResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    DocumentedResponses(JsonNode document) {
        this.document = document;
    }

    /**
     * Asserts that {@code response} is documented for {@code method path} ({@code path} as the
     * document writes it, e.g. {@code /api/v1/decisions/{id}}) and returns its JSON body (null for another type).
     */
    JsonNode check(String method, String path, HttpResponse<String> response) {
        String status = Integer.toString(response.statusCode());
        JsonNode operation = document.path("paths").path(path).path(method);
        if (operation.isMissingNode()) {
            fail(method.toUpperCase() + " " + path + " is not in the document");
        }
        String pointer = "/paths/" + escape(path) + "/" + method + "/responses/" + status;
        JsonNode answer = operation.path("responses").path(status);
        if (answer.isMissingNode()) {
            fail(method.toUpperCase() + " " + path + " answered " + status + ", which the document does not list (it lists "
                    + names(operation.path("responses")) + "): " + response.body());
        }
        if (answer.has("$ref")) {
            pointer = answer.get("$ref").asString().substring(1);
            answer = document.at(pointer);
        }
        for (Map.Entry<String, JsonNode> header : answer.path("headers").properties()) {
            JsonNode spec = header.getValue().has("$ref") ? document.at(header.getValue().get("$ref").asString().substring(1))
                    : header.getValue();
            if (spec.path("required").asBoolean(false)) {
                assertTrue(response.headers().firstValue(header.getKey()).isPresent(), method + " " + path + " " + status
                        + " must send the header " + header.getKey() + ": " + response.headers().map());
            }
        }
        // The media type the answer has must be documented; a JSON body must match its schema.
        JsonNode body = null;
        String mediaType = response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip().toLowerCase();
        assertTrue(answer.path("content").has(mediaType), method + " " + path + " " + status + " answered " + mediaType
                + ", which " + pointer + " does not document");
        if (mediaType.equals("application/json")) {
            String schemaPointer = pointer + "/content/application~1json/schema";
            body = JSON.readTree(response.body());
            List<Error> errors = errors(schemaPointer, body);
            assertEquals(List.of(), errors, method.toUpperCase() + " " + path + " " + status + " body " + response.body());
        }
        seen.add(key(method, path, status));
        return body;
    }

    /** What is wrong with {@code body} by the schema at {@code schemaPointer} (a JSON pointer into the document). */
    List<Error> errors(String schemaPointer, JsonNode body) {
        return schema(schemaPointer).validate(body);
    }

    /** As {@link #check}, answering the status. */
    int checkStatus(String method, String path, HttpResponse<String> response) {
        check(method, path, response);
        return response.statusCode();
    }

    /** Every {@code method path status} the document lists. */
    Set<String> documented() {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                for (String status : names(operation.getValue().path("responses"))) {
                    out.add(key(operation.getKey(), path.getKey(), status));
                }
            }
        }
        return out;
    }

    /** Every {@code method path status} a checked response had. */
    Set<String> seen() {
        return new TreeSet<>(seen);
    }

    static String key(String method, String path, String status) {
        return method + " " + path + " " + status;
    }

    /** The schema at {@code pointer} in the document, compiled once, {@code $ref}s resolved in the document. */
    private Schema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> {
            ObjectNode root = (ObjectNode) document.deepCopy();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.put("$ref", "#" + p);
            return registry.getSchema(root);
        });
    }

    private static Set<String> names(JsonNode object) {
        Set<String> out = new TreeSet<>();
        object.propertyNames().forEach(out::add);
        return out;
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}

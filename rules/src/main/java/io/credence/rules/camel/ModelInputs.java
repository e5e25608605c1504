package io.credence.rules.camel;

import io.credence.plugin.encode.FeatureLookup;
import io.credence.plugin.encode.FeatureSource;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.InvalidApplicationException;
import io.credence.rules.service.input.Violation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns the body of a {@code credence:score} or {@code credence:explain} exchange into the values a
 * model reads, by feature name.
 *
 * <pre>{@code
 * FeatureSource features = new ModelInputs(reader).read(exchange);
 * }</pre>
 *
 * <ul>
 *   <li>a {@link FeatureSource}, such as a {@link io.credence.rules.application.LoanApplication}: as it is;</li>
 *   <li>an application (a {@code Map}, JSON text or a {@link JsonNode} with a {@code modelInputs}
 *       member): validated by the input schema like {@code decide} does, then read as the policy's
 *       scoring rule reads it;</li>
 *   <li>any other {@code Map} or JSON object: the model inputs themselves, by feature name.</li>
 * </ul>
 *
 * @throws InvalidApplicationException for malformed JSON or an application that breaks the schema
 *                                     (every violation named); the model itself names features it
 *                                     cannot encode ({@link io.credence.plugin.encode.InvalidFeatureException})
 */
final class ModelInputs {

    static final String APPLICATION_MEMBER = "modelInputs";

    private final ApplicationReader reader;

    ModelInputs(ApplicationReader reader) {
        this.reader = reader;
    }

    FeatureSource read(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof FeatureSource source) {
            return source;
        }
        if (body instanceof Map<?, ?> map && !map.containsKey(APPLICATION_MEMBER)) {
            return FeatureLookup.of(map);
        }
        JsonNode tree = tree(exchange, body);
        if (!tree.isObject()) {
            throw new InvalidApplicationException(List.of(new Violation(Violation.WHOLE_INPUT,
                    tree.getNodeType().name().toLowerCase(Locale.ROOT),
                    "a JSON object: an application with modelInputs, or the model inputs by feature name")));
        }
        if (tree.has(APPLICATION_MEMBER)) {
            return reader.toApplication(tree);
        }
        Map<?, ?> inputs = reader.mapper().convertValue(tree, Map.class);
        return FeatureLookup.of(inputs);
    }

    private JsonNode tree(Exchange exchange, Object body) {
        if (body instanceof JsonNode node) {
            return node;
        }
        if (body instanceof Map<?, ?> map) {
            try {
                return reader.mapper().valueToTree(map);
            } catch (JacksonException e) {
                throw new InvalidApplicationException(List.of(new Violation(Violation.WHOLE_INPUT,
                        "a Map that cannot be read as JSON", "a Map of JSON values")));
            }
        }
        String text = body == null ? "" : body instanceof String s ? s
                : exchange.getContext().getTypeConverter().tryConvertTo(String.class, exchange, body);
        if (text == null) {
            throw new InvalidApplicationException(List.of(new Violation(Violation.WHOLE_INPUT,
                    "a " + body.getClass().getName(), "a LoanApplication, a Map of model inputs, or JSON text")));
        }
        return reader.parse(text);
    }
}

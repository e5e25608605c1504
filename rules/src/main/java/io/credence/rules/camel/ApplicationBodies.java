package io.credence.rules.camel;

import io.credence.rules.application.LoanApplication;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.Violation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns the body of a {@code credence:decide} exchange into what the decision service decides.
 *
 * <pre>{@code
 * ApplicationBodies.Read read = new ApplicationBodies(reader).read(exchange);
 * }</pre>
 *
 * <ul>
 *   <li>JSON text ({@code String}), or UTF-8 bytes ({@code byte[]}, and whatever Camel converts to
 *       bytes: a file, a stream): audited as received;</li>
 *   <li>a {@code Map}, a {@link JsonNode} or a {@link LoanApplication}: written as JSON, which is
 *       audited and decided like text, so that every form is validated by the same schema;</li>
 *   <li>an {@link ApplicationInput}: as it is;</li>
 *   <li>anything else, or bytes that are not UTF-8: {@link Unreadable}, a rejection of the whole input
 *       ({@code $}) whose bytes are not kept. A missing body is empty text (rejected as malformed JSON).</li>
 * </ul>
 */
final class ApplicationBodies {

    /** What a body is to the decision service. */
    sealed interface Read permits Readable, Unreadable {
    }

    /** An input to decide. */
    record Readable(ApplicationInput input) implements Read {
    }

    /** A body that cannot be read as text: rejected (and audited) without being kept. */
    record Unreadable(Violation violation) implements Read {
    }

    static final String EXPECTED = "JSON text, UTF-8 bytes, a Map, a JsonNode, a LoanApplication or an ApplicationInput";

    private final ApplicationReader reader;

    ApplicationBodies(ApplicationReader reader) {
        this.reader = reader;
    }

    Read read(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body == null) {
            return text("");
        }
        if (body instanceof ApplicationInput input) {
            return new Readable(input);
        }
        if (body instanceof String text) {
            return text(text);
        }
        if (body instanceof byte[] bytes) {
            return bytes(bytes);
        }
        if (body instanceof LoanApplication application) {
            return json(fields(application), body);
        }
        if (body instanceof Map<?, ?> || body instanceof JsonNode) {
            return json(body, body);
        }
        byte[] converted = exchange.getContext().getTypeConverter().tryConvertTo(byte[].class, exchange, body);
        return converted != null ? bytes(converted)
                : new Unreadable(new Violation(Violation.WHOLE_INPUT, "a " + body.getClass().getName(), EXPECTED));
    }

    private Readable text(String text) {
        return new Readable(new ApplicationInput(text, () -> reader.parse(text)));
    }

    private Read bytes(byte[] bytes) {
        try {
            return text(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return new Unreadable(new Violation(Violation.WHOLE_INPUT, bytes.length + " bytes", "UTF-8 text"));
        }
    }

    private Read json(Object value, Object body) {
        try {
            return text(reader.mapper().writeValueAsString(value));
        } catch (JacksonException e) {
            return new Unreadable(new Violation(Violation.WHOLE_INPUT, "a " + body.getClass().getName()
                    + " that cannot be written as JSON (" + e.getOriginalMessage() + ")", "a Map of JSON values"));
        }
    }

    /** The application's fields under the names of the input schema (docs/application.schema.json). */
    static Map<String, Object> fields(LoanApplication a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("applicationId", a.getApplicationId());
        out.put("applicantAge", a.getApplicantAge());
        out.put("monthlyIncome", a.getMonthlyIncome());
        out.put("monthlyDebtPayments", a.getMonthlyDebtPayments());
        out.put("requestedAmount", a.getRequestedAmount());
        out.put("termMonths", a.getTermMonths());
        out.put("employmentStatus", a.getEmploymentStatus().name());
        out.put("worstDelinquencyMonths", a.getWorstDelinquencyMonths());
        if (!a.getModelInputs().isEmpty()) {
            out.put("modelInputs", a.getModelInputs());
        }
        return out;
    }
}

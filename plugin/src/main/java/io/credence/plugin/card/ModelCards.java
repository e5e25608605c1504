package io.credence.plugin.card;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads and writes model cards as JSON. */
public final class ModelCards {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private ModelCards() {
    }

    /**
     * Parses a card.
     *
     * @param json   the card text
     * @param origin where it came from, for error messages
     * @throws InvalidModelCardException naming the origin, the JSON path and the problem
     */
    public static ModelCard parse(String json, String origin) {
        try {
            return MAPPER.readValue(json, ModelCard.class);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String message = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new InvalidModelCardException(origin + ": " + (path.isEmpty() ? "" : "at '" + path + "': ") + message, e);
        } catch (JsonProcessingException e) {
            throw new InvalidModelCardException(origin + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a card file. */
    public static ModelCard read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model card " + file, e);
        }
    }

    /** The card as indented JSON. */
    public static String toJson(ModelCard card) {
        return canonicalJson(card);
    }

    /** Writes a card file. */
    public static void write(ModelCard card, Path file) {
        try {
            Files.writeString(file, toJson(card) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model card " + file, e);
        }
    }

    static String canonicalJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model card values are always serialisable", e);
        }
    }
}

package io.credence.training.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads, writes, finds and infers {@link DatasetSchema}s. */
public final class DatasetSchemas {

    /** Where the schemas of {@code training/schemas/} live inside the jar. */
    public static final String BUNDLED_PREFIX = "credence/schemas/";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private DatasetSchemas() {
    }

    /** Parses schema JSON; errors name the origin, the JSON path and the problem. */
    public static DatasetSchema parse(String json, String origin) {
        try {
            return MAPPER.readValue(json, DatasetSchema.class);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getOriginalMessage();
            throw new DataException(origin + ": invalid schema" + (path.isEmpty() ? "" : " at '" + path + "'") + ": " + message, e);
        } catch (JsonProcessingException e) {
            throw new DataException(origin + ": schema is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a schema file. */
    public static DatasetSchema read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file, e);
        }
    }

    public static String toJson(DatasetSchema schema) {
        try {
            return MAPPER.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("schemas are always serialisable", e);
        }
    }

    /** A schema shipped in the jar, by name (e.g. {@code german-credit}). */
    public static Optional<DatasetSchema> bundled(String name) {
        String resource = BUNDLED_PREFIX + name + ".json";
        try (InputStream in = DatasetSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + resource));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * The bundled schema for a data file: the one named after the file (without extension and
     * without a {@code -train}, {@code -training}, {@code -test} or {@code -sample} suffix), else the one named after its folder.
     */
    public static Optional<DatasetSchema> bundledFor(Path dataFile) {
        String file = dataFile.getFileName().toString();
        String stem = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        stem = stem.replaceAll("-(train|training|test|sample)$", "");
        Optional<DatasetSchema> byFile = bundled(stem);
        if (byFile.isPresent()) {
            return byFile;
        }
        Path parent = dataFile.toAbsolutePath().getParent();
        return parent == null || parent.getFileName() == null ? Optional.empty() : bundled(parent.getFileName().toString());
    }

    /**
     * Infers a schema from a table: the target and any column named {@code id} (any case) are
     * left out; a column whose every non-missing cell is a number is numeric, any other is
     * categorical. No sequence input is inferred.
     */
    public static DatasetSchema infer(CsvTable table, CsvFormat format, String target) {
        List<DatasetSchema.Column> columns = new ArrayList<>();
        List<String> ignore = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            String name = table.columns().get(c);
            if (name.equals(target)) {
                continue;
            }
            if (name.toLowerCase(Locale.ROOT).equals("id")) {
                ignore.add(name);
                continue;
            }
            boolean numeric = true;
            boolean any = false;
            for (String[] row : table.rows()) {
                String cell = c < row.length ? row[c] : null;
                if (format.isMissing(cell)) {
                    continue;
                }
                any = true;
                if (!isNumber(cell)) {
                    numeric = false;
                    break;
                }
            }
            columns.add(numeric && any ? DatasetSchema.Column.numeric(name) : DatasetSchema.Column.categorical(name));
        }
        String stem = Path.of(table.source()).getFileName().toString().replaceAll("\\.[^.]*$", "");
        return new DatasetSchema(stem.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-"),
                "inferred from " + table.source(), null, format, new DatasetSchema.Target(target, null),
                ignore, 0.0, columns, null);
    }

    static boolean isNumber(String cell) {
        try {
            double v = new BigDecimal(cell.trim()).doubleValue();
            return Double.isFinite(v);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

package io.credence.rules.rulebase.impact;

import io.credence.plugin.drl.ModelScore;
import io.credence.rules.application.LoanApplication;
import io.credence.rules.rulebase.scenario.ScenarioFile;
import io.credence.rules.rulebase.scenario.ScenarioRunner;
import io.credence.rules.service.batch.BatchInput;
import io.credence.rules.service.batch.RecordReader;
import io.credence.rules.service.input.ApplicationReader;
import io.credence.rules.service.input.CsvApplications;
import io.credence.rules.service.input.InvalidApplicationException;
import io.credence.rules.service.input.Violation;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A portfolio of applications, streamed from a file one record at a time: CSV ({@code *.csv}, the
 * columns of a scenario file) or JSON lines (any other name; one application JSON per line, as the
 * service reads it). Every row meets the service's application schema, so a row the service would
 * refuse is refused here too, naming its line and field.
 *
 * <pre>{@code
 * try (Portfolio portfolio = Portfolio.open(Path.of("portfolio.csv"), new ApplicationReader(ApplicationSchema.load()))) {
 *     for (Portfolio.Record r = portfolio.next(); r != null; r = portfolio.next()) {
 *         Portfolio.Parsed parsed = portfolio.parse(r);     // thread-safe: parse in the workers
 *     }
 * }
 * }</pre>
 *
 * <p>CSV: a header row, then one application a row. The columns are the application's fields
 * ({@link ScenarioFile#FIELDS}, all required), {@code modelInputs.<name>} (empty = not given) and
 * optionally {@code given.score.<model>} (fixes that model's probability for both policies; empty =
 * the model scores the row). {@code expect.decision} and {@code expect.reasons} are ignored, so a
 * scenario file is a portfolio too; lines starting with {@code #} are comments; any other column is
 * refused at the header. A record may span lines inside double quotes (RFC 4180).
 */
public final class Portfolio implements Closeable {

    /** The longest record read (64 KiB), as the service's file channel. */
    public static final int MAX_RECORD_BYTES = 64 * 1024;
    private static final String EXPECT = "expect.";

    /** How the file is read. */
    public enum Format {
        CSV, JSON_LINES
    }

    /** One record of the file, not parsed yet. */
    public sealed interface Record permits Text, Unreadable {
        long line();
    }

    /** A record's text. */
    public record Text(long line, String text) implements Record {
    }

    /** A record that is not text (over {@value #MAX_RECORD_BYTES} bytes, not UTF-8). */
    public record Unreadable(long line, String problem) implements Record {
    }

    /** What a record became. */
    public sealed interface Parsed permits Row, RejectedRow {
    }

    /**
     * An application to decide.
     *
     * @param line        the line it starts on
     * @param application the application
     * @param givenScores model -> probability from {@code given.score.<model>}
     */
    public record Row(long line, LoanApplication application, Map<String, Double> givenScores) implements Parsed {
        public Row {
            givenScores = Map.copyOf(givenScores);
        }

        /** The given scores as facts, new ones for each decision. */
        public List<ModelScore> scores() {
            if (givenScores.isEmpty()) {
                return List.of();
            }
            List<ModelScore> scores = new ArrayList<>(givenScores.size());
            givenScores.forEach((model, p) -> scores.add(ModelScore.precomputed(application, model, ScenarioRunner.GIVEN,
                    ScenarioRunner.GIVEN, p)));
            return scores;
        }
    }

    private final BatchInput input;
    private final Format format;
    private final ApplicationReader reader;
    private final Columns columns;

    private Portfolio(BatchInput input, Format format, ApplicationReader reader, Columns columns) {
        this.input = input;
        this.format = format;
        this.reader = reader;
        this.columns = columns;
    }

    /**
     * Opens a portfolio, reading a CSV file's header.
     *
     * @throws PortfolioException when the file is missing or the header names wrong columns
     */
    public static Portfolio open(Path file, ApplicationReader reader) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new PortfolioException(file + " is not a file; --applications names a CSV (*.csv) or JSON lines file");
        }
        Format format = BatchInput.framing(file.getFileName().toString()) == RecordReader.Framing.CSV ? Format.CSV
                : Format.JSON_LINES;
        BatchInput input;
        try {
            input = BatchInput.open(file, MAX_RECORD_BYTES);
        } catch (NoSuchFileException e) {
            throw new PortfolioException(file + " does not exist");
        }
        if (format == Format.JSON_LINES) {
            return new Portfolio(input, format, reader, null);
        }
        try {
            BatchInput.Item header = nextNonComment(input);
            if (header == null) {
                throw new PortfolioException(file + " is empty; its first line names the columns: "
                        + String.join(",", ScenarioFile.FIELDS) + ",modelInputs.<name>,...");
            }
            if (header instanceof BatchInput.Unreadable u) {
                throw new PortfolioException(file + " line " + u.line() + ": the header is not readable: expected "
                        + u.violation().expected());
            }
            BatchInput.Text text = (BatchInput.Text) header;
            return new Portfolio(input, format, reader, Columns.of(text.text(), file + " line " + text.line()));
        } catch (PortfolioException | IOException e) {
            input.close();
            throw e;
        }
    }

    public Format format() {
        return format;
    }

    /** The next record, or null at the end of the file; not thread-safe (one reader). */
    public Record next() throws IOException {
        BatchInput.Item item = format == Format.CSV ? nextNonComment(input) : input.next();
        if (item == null) {
            return null;
        }
        if (item instanceof BatchInput.Unreadable u) {
            return new Unreadable(u.line(), "the record: expected " + u.violation().expected());
        }
        BatchInput.Text t = (BatchInput.Text) item;
        return new Text(t.line(), t.text());
    }

    private static BatchInput.Item nextNonComment(BatchInput input) throws IOException {
        BatchInput.Item item = input.next();
        while (item instanceof BatchInput.Text t && t.text().startsWith("#")) {
            item = input.next();
        }
        return item;
    }

    /** The application in a record, or why it is rejected. Thread-safe. */
    public Parsed parse(Record record) {
        if (record instanceof Unreadable u) {
            return new RejectedRow(u.line(), null, u.problem());
        }
        Text text = (Text) record;
        JsonNode tree = null;
        try {
            if (format == Format.JSON_LINES) {
                tree = reader.parse(text.text());
                return new Row(text.line(), reader.toApplication(tree), Map.of());
            }
            List<String> cells = CsvApplications.fields(text.text());
            if (cells.size() != columns.width) {
                return new RejectedRow(text.line(), null, "the row has " + cells.size() + " columns: expected "
                        + columns.width + ", as in the header");
            }
            List<String> fields = new ArrayList<>(columns.application.length);
            for (int c : columns.application) {
                fields.add(cells.get(c));
            }
            tree = columns.applications.row(fields);
            LoanApplication application = reader.toApplication(tree);
            Map<String, Double> given = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> g : columns.given.entrySet()) {
                String cell = cells.get(g.getValue()).strip();
                if (!cell.isEmpty()) {
                    double p = probability(cell);
                    if (!(p >= 0 && p <= 1)) {
                        return new RejectedRow(text.line(), application.getApplicationId(), ScenarioFile.GIVEN_SCORE
                                + g.getKey() + ": expected a probability from 0 to 1 or empty (the model scores it)");
                    }
                    given.put(g.getKey(), p);
                }
            }
            return new Row(text.line(), application, given);
        } catch (InvalidApplicationException e) {
            return new RejectedRow(text.line(), ApplicationReader.applicationIdOf(tree), problem(e.violations()));
        }
    }

    private static double probability(String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The fields and what they should hold, without the values. */
    static String problem(List<Violation> violations) {
        return violations.stream().map(v -> (Violation.WHOLE_INPUT.equals(v.field()) ? "the row" : v.field())
                + ": expected " + v.expected()).collect(Collectors.joining("; "));
    }

    @Override
    public void close() throws IOException {
        input.close();
    }

    /** Where each CSV column goes. */
    private static final class Columns {
        final int width;
        /** The cells the application is made of, in the order of {@link #applications}' header. */
        final int[] application;
        final CsvApplications applications;
        /** given.score model -> cell. */
        final Map<String, Integer> given;

        private Columns(int width, int[] application, CsvApplications applications, Map<String, Integer> given) {
            this.width = width;
            this.application = application;
            this.applications = applications;
            this.given = given;
        }

        static Columns of(String header, String where) {
            List<String> names;
            try {
                names = CsvApplications.fields(header);
            } catch (InvalidApplicationException e) {
                throw new PortfolioException(where + ": the header is not CSV: " + problem(e.violations()));
            }
            List<String> problems = new ArrayList<>();
            List<Integer> cells = new ArrayList<>();
            List<String> mapped = new ArrayList<>();
            Map<String, Integer> given = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (int c = 0; c < names.size(); c++) {
                String name = names.get(c).strip();
                if (!seen.add(name)) {
                    problems.add("the column '" + name + "' is there twice");
                } else if (ScenarioFile.FIELDS.contains(name)) {
                    cells.add(c);
                    mapped.add(name);
                } else if (name.startsWith(ScenarioFile.MODEL_INPUT) && name.length() > ScenarioFile.MODEL_INPUT.length()
                        && !ScenarioFile.FIELDS.contains(name.substring(ScenarioFile.MODEL_INPUT.length()))) {
                    cells.add(c);
                    mapped.add(name.substring(ScenarioFile.MODEL_INPUT.length()));
                } else if (name.startsWith(ScenarioFile.GIVEN_SCORE) && name.length() > ScenarioFile.GIVEN_SCORE.length()) {
                    given.put(name.substring(ScenarioFile.GIVEN_SCORE.length()), c);
                } else if (!name.startsWith(EXPECT)) {
                    problems.add("unknown column '" + name + "'; the columns are " + ScenarioFile.FIELDS
                            + ", modelInputs.<name> and given.score.<model> (expect.* columns are ignored)");
                }
            }
            for (String field : ScenarioFile.FIELDS) {
                if (!seen.contains(field)) {
                    problems.add("the column '" + field + "' is missing");
                }
            }
            if (!problems.isEmpty()) {
                throw new PortfolioException(where + ": " + String.join("; ", problems));
            }
            CsvApplications applications;
            try {
                applications = new CsvApplications(CsvApplications.FORMAT.format(mapped.toArray()));
            } catch (InvalidApplicationException e) {
                throw new PortfolioException(where + ": " + problem(e.violations()));
            }
            return new Columns(names.size(), cells.stream().mapToInt(Integer::intValue).toArray(), applications, Map.copyOf(given));
        }
    }
}

package io.credence.training.cli;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.ModelCards;
import io.credence.plugin.encode.FeatureSource;
import io.credence.plugin.encode.InvalidFeatureException;
import io.credence.plugin.encode.SourceColumns;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.ModelSession;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.plugin.runtime.ScoringException;
import io.credence.training.data.CsvFormat;
import io.credence.training.data.CsvOutput;
import io.credence.training.data.CsvReader;
import io.credence.training.data.CsvTable;
import io.credence.training.data.DataException;
import io.credence.training.data.FittedEncoding;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code score}: scores every row of a CSV file through ONNX Runtime with the plugin's encoder
 * and session (exactly as the decision service serves), not through DJL.
 */
@Command(name = "score", sortOptions = false,
        description = {"Scores every row of a CSV file with a model package through ONNX Runtime.",
            "Writes SCORES.csv with one line per input row, in input order: [id,]row,score,error. Columns the model"
                + " card does not name are ignored; a row that cannot be scored gets an empty score and the reason"
                + " in 'error', and scoring continues."})
public final class ScoreCommand implements Callable<Integer> {

    private static final int BATCH = 512;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model package (model.onnx + model-card.json).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Rows to score (CSV with a header row).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "SCORES.csv", description = "Where to write the scores.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        ModelCard card = ModelCards.read(model.resolve(ModelRegistry.CARD_FILE));
        byte[] onnx;
        try {
            onnx = Files.readAllBytes(model.resolve(ModelRegistry.ONNX_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + model.resolve(ModelRegistry.ONNX_FILE), e);
        }
        String digest = ModelCard.sha256(onnx);
        if (!digest.equals(card.onnxSha256())) {
            throw new DataException(model.resolve(ModelRegistry.ONNX_FILE) + ": SHA-256 is " + digest
                    + " but the card expects " + card.onnxSha256());
        }
        List<String> naValues = card.properties().containsKey(FittedEncoding.PROPERTY_NA_VALUES)
                ? Arrays.asList(card.properties().get(FittedEncoding.PROPERTY_NA_VALUES).split("\\|", -1))
                : null;
        CsvFormat format = new CsvFormat(",", true, null, naValues);
        CsvTable table = CsvReader.readLenient(data, format);
        SourceColumns columns = SourceColumns.of(card);
        ModelSession session = ModelSession.open(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU), card, onnx,
                model.resolve(ModelRegistry.ONNX_FILE).toString());
        int n = table.size();
        String[] scores = new String[n];
        String[] errors = new String[n];
        try {
            Map<String, Integer> index = table.index();
            List<Integer> pending = new ArrayList<>();
            List<float[]> buffers = newBuffers(card);
            for (int r = 0; r < n; r++) {
                String[] cells = table.rows().get(r);
                if (cells.length != table.columns().size()) {
                    errors[r] = "line " + table.lines()[r] + " has " + cells.length + " cells, the header has "
                            + table.columns().size();
                    continue;
                }
                try {
                    session.encoder().encodeInto(source(cells, index, format, columns), buffers, pending.size());
                    pending.add(r);
                } catch (InvalidFeatureException e) {
                    errors[r] = e.violations().stream().map(Object::toString).collect(Collectors.joining("; "));
                }
                if (pending.size() == BATCH) {
                    flush(session, buffers, pending, scores, errors);
                    buffers = newBuffers(card);
                }
            }
            flush(session, buffers, pending, scores, errors);
        } finally {
            session.release();
        }
        int failed = write(table, scores, errors);
        log.printf(Locale.ROOT, "scored %d of %d rows with %s (%d could not be scored) -> %s%n", n - failed, n,
                card.id(), failed, out);
        log.flush();
        return 0;
    }

    private static List<float[]> newBuffers(ModelCard card) {
        List<float[]> buffers = new ArrayList<>();
        for (InputSpec input : card.inputs()) {
            buffers.add(new float[BATCH * input.floatsPerRow()]);
        }
        return buffers;
    }

    private static void flush(ModelSession session, List<float[]> buffers, List<Integer> pending, String[] scores,
                              String[] errors) {
        if (pending.isEmpty()) {
            return;
        }
        try {
            double[] s = session.scoreBuffers(buffers, pending.size());
            for (int i = 0; i < s.length; i++) {
                scores[pending.get(i)] = Double.toString(s[i]);
            }
        } catch (ScoringException e) {
            for (int row : pending) {
                errors[row] = e.getMessage();
            }
        }
        pending.clear();
    }

    /** The raw values of one CSV row as the encoder reads them. */
    /** A row of the file as the card's features ({@link SourceColumns}: renamed columns, codes, sequences). */
    static FeatureSource source(String[] cells, Map<String, Integer> index, CsvFormat format, SourceColumns columns) {
        return columns.features(column -> {
            Integer c = index.get(column);
            if (c == null) {
                return FeatureSource.ABSENT;
            }
            return format.isMissing(cells[c]) ? null : cells[c].trim();
        });
    }

    private int write(CsvTable table, String[] scores, String[] errors) {
        int idColumn = -1;
        for (int c = 0; c < table.columns().size(); c++) {
            if (table.columns().get(c).equalsIgnoreCase("id")) {
                idColumn = c;
            }
        }
        int failed = 0;
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            try (CSVPrinter csv = CsvOutput.printer(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
                List<String> header = new ArrayList<>();
                if (idColumn >= 0) {
                    header.add(table.columns().get(idColumn));
                }
                header.addAll(List.of("row", "score", "error"));
                csv.printRecord(header);
                for (int r = 0; r < table.size(); r++) {
                    String[] cells = table.rows().get(r);
                    if (scores[r] == null) {
                        failed++;
                        if (errors[r] == null) {
                            errors[r] = "not scored";
                        }
                    }
                    List<String> record = new ArrayList<>();
                    if (idColumn >= 0) {
                        record.add(idColumn < cells.length ? cells[idColumn] : "");
                    }
                    record.add(Integer.toString(r + 1));
                    record.add(scores[r] == null ? "" : scores[r]);
                    record.add(errors[r] == null ? "" : errors[r]);
                    csv.printRecord(record);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        return failed;
    }
}

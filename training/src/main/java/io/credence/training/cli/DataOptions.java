package io.credence.training.cli;

import io.credence.training.data.DataException;
import io.credence.training.data.Dataset;
import io.credence.training.data.DatasetSchema;
import io.credence.training.data.DatasetSchemas;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by {@code train} and {@code compare}: the data, its schema and the target. */
public final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Training data (CSV).")
    Path data;

    @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "Target column.")
    String target;

    @Option(names = "--bad", required = true, paramLabel = "VALUE",
            description = "Target value that means bad (default / delinquent), e.g. 2 for German credit.")
    String bad;

    @Option(names = "--schema", paramLabel = "FILE.json",
            description = "Dataset schema (training/schemas/*.json). Default: the bundled schema named after the"
                    + " data file or its folder, else column types are inferred.")
    Path schema;

    @Option(names = "--infer-schema", description = "Ignore bundled schemas and infer column types from the file.")
    boolean inferSchema;

    /** Resolves the schema (explicit, bundled or inferred) and loads the data. */
    Dataset load(PrintWriter out) {
        if (!Files.isRegularFile(data)) {
            throw new DataException(data + ": no such data file");
        }
        DatasetSchema resolved = null;
        if (schema != null) {
            resolved = DatasetSchemas.read(schema);
            out.println("schema: " + schema);
        } else if (!inferSchema) {
            Optional<DatasetSchema> bundled = DatasetSchemas.bundledFor(data);
            if (bundled.isPresent()) {
                resolved = bundled.get();
                out.println("schema: bundled '" + resolved.name() + "' (--schema FILE or --infer-schema to change)");
            }
        }
        if (resolved == null) {
            out.println("schema: inferred from " + data.getFileName() + " (numeric when every value is a number)");
        }
        Dataset dataset = Dataset.load(data, resolved, target, bad);
        int bads = 0;
        for (float l : dataset.labels()) {
            bads += l > 0.5f ? 1 : 0;
        }
        out.printf("data: %s, %d rows, %d bad (%.1f %%), target '%s' = '%s' is bad%n", data.getFileName(),
                dataset.rows(), bads, 100.0 * bads / dataset.rows(), target, bad);
        return dataset;
    }
}

package io.credence.training.pipeline;

import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.OutputSpec;
import io.credence.plugin.card.TrainingData;
import io.credence.training.data.Dataset;
import io.credence.training.data.FittedEncoding;
import io.credence.training.eval.Evaluation;
import io.credence.training.eval.StratifiedFolds;
import io.credence.training.nn.EpochStats;
import io.credence.training.nn.NetworkInput;
import io.credence.training.nn.NetworkTrainer;
import io.credence.training.nn.TrainedNetwork;
import io.credence.training.report.Report;
import io.credence.training.report.ReportWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The {@code train} workflow: cross-validate (optional), fit the final network on all rows with
 * a stratified validation split for early stopping, export to ONNX, check ONNX Runtime against
 * DJL, write the package and the report.
 */
public final class TrainingRun {

    /** The ONNX output name of every exported network. */
    public static final String OUTPUT_NAME = "probability";

    private TrainingRun() {
    }

    public static TrainOutcome execute(TrainRequest request, Dataset data, Consumer<String> log) {
        long start = System.nanoTime();
        Hyperparameters hp = request.hyperparameters();
        Candidate.Network candidate = new Candidate.Network(hp);
        CvResult cv = null;
        if (request.folds() >= 2) {
            cv = new CrossValidator(data, CrossValidator.folds(data, request.folds(), request.seed()), request.seed(), log)
                    .run(candidate);
        }
        int[] all = IntStream.range(0, data.rows()).toArray();
        FittedEncoding encoding = FittedEncoding.fit(data, all, candidate.layout());
        int[][] split = StratifiedFolds.split(all, data.labels(), hp.validationFraction(), request.seed());
        NetworkInput fit = encoding.encode(data, split[0]);
        NetworkInput validationRows = encoding.encode(data, split[1]);
        String prefix = candidate.name() + " final";
        try (TrainedNetwork net = NetworkTrainer.train(
                hp.spec(encoding.tabularWidth(), encoding.sequenceSteps(), encoding.sequenceChannels()),
                hp.config(request.seed()), fit, validationRows, epoch -> log.accept(Progress.line(prefix, epoch)))) {
            float[] p = net.predict(validationRows);
            double[] pd = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                pd[i] = p[i];
            }
            Evaluation validation = Evaluation.of(pd, validationRows.labels());

            Map<String, Double> metrics = new LinkedHashMap<>();
            if (cv != null) {
                metrics.putAll(cv.cardMetrics());
            }
            metrics.putAll(validation.asMap("validation_"));
            metrics.put("best_epoch", (double) net.bestEpoch());
            Map<String, String> properties = new LinkedHashMap<>(hp.asProperties());
            properties.put("seed", Long.toString(request.seed()));
            properties.put("command", request.command());
            properties.put("target", data.target());
            properties.put("bad", data.bad());
            properties.put("schema", data.schema().name());
            properties.put("folds", Integer.toString(request.folds()));
            properties.put("trainer", "DJL (PyTorch engine), exported to ONNX");
            TrainingData trainingData = new TrainingData(request.data().getFileName().toString(), data.table().sha256(),
                    data.rows(), data.schema().licence());
            String description = String.format(Locale.ROOT, "%s network: probability that '%s' is '%s' (%s)",
                    candidate.name().toUpperCase(Locale.ROOT), data.target(), data.bad(),
                    data.schema().description() == null ? data.schema().name() : data.schema().description());
            String meaning = "probability that " + data.target() + " = " + data.bad() + " (bad)";
            OutputSpec output = new OutputSpec(OUTPUT_NAME, hp.badOutputIndex(), hp.outputs() == 1 ? meaning
                    : meaning + ", column " + hp.badOutputIndex() + " of the softmax over (good, bad)");
            ModelCard draft = encoding.card(request.name(), request.version(), description, output, trainingData,
                    metrics, properties);
            byte[] onnx = net.exportOnnx(draft);
            double parity = ModelPackageWriter.onnxParity(draft, onnx, r -> encoding.source(data, r), split[1], p);
            log.accept(String.format(Locale.ROOT, "ONNX Runtime vs DJL on %d validation rows: max |difference| %.2e",
                    split[1].length, parity));
            metrics.put("onnx_djl_max_abs_diff", parity);
            double seconds = (System.nanoTime() - start) / 1e9;
            metrics.put("train_seconds", seconds);
            ModelCard card = encoding.card(request.name(), request.version(), description, output, trainingData,
                    metrics, properties);
            // The drift monitor's baseline: every training row as the served model sees it (card encoder, ONNX).
            card = card.withDistributions(TrainingProfile.of(card.withOnnxSha256(ModelCard.sha256(onnx)), onnx,
                    r -> encoding.source(data, r), data.rows()).distributions());
            if (!card.featureSchemaDigest().equals(draft.featureSchemaDigest())) {
                throw new IllegalStateException("the card's feature schema changed after export");
            }
            ModelCard written = ModelPackageWriter.write(request.out(), card, onnx);
            List<EpochStats> history = net.history();
            Path reportFile = request.out().resolve("report.html");
            List<Report.Scored> scored = new java.util.ArrayList<>();
            if (cv != null) {
                scored.add(Report.Scored.of(cv));
            }
            scored.add(new Report.Scored(candidate.name() + " final (validation split)", pd, validationRows.labels(), null));
            ReportWriter.write(reportFile, new Report("Credence model " + written.id(), description, scored, history, written));
            log.accept("wrote " + request.out().resolve("model.onnx") + ", model-card.json and report.html");
            return new TrainOutcome(written, request.out(), reportFile, cv, validation, history, net.bestEpoch(),
                    parity, seconds);
        }
    }
}

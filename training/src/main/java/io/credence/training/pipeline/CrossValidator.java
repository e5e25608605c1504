package io.credence.training.pipeline;

import io.credence.training.data.Dataset;
import io.credence.training.data.FittedEncoding;
import io.credence.training.eval.Evaluation;
import io.credence.training.eval.Fold;
import io.credence.training.eval.LogisticRegression;
import io.credence.training.eval.StratifiedFolds;
import io.credence.training.nn.EpochStats;
import io.credence.training.nn.NetworkInput;
import io.credence.training.nn.NetworkTrainer;
import io.credence.training.nn.TrainedNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Cross-validates candidates on given folds. For every fold the encoding is fitted on the fold's
 * training rows only; networks additionally hold out a stratified part of those rows for early
 * stopping.
 */
public final class CrossValidator {

    private final Dataset data;
    private final List<Fold> folds;
    private final long seed;
    private final Consumer<String> log;

    public CrossValidator(Dataset data, List<Fold> folds, long seed, Consumer<String> log) {
        this.data = data;
        this.folds = List.copyOf(folds);
        this.seed = seed;
        this.log = log;
    }

    /** Seeded stratified folds over a data set. */
    public static List<Fold> folds(Dataset data, int k, long seed) {
        return StratifiedFolds.kFold(data.labels(), k, seed);
    }

    public CvResult run(Candidate candidate) {
        long start = System.nanoTime();
        float[] labels = data.labels();
        double[] oof = new double[labels.length];
        Arrays.fill(oof, Double.NaN);
        List<Evaluation> evaluations = new ArrayList<>();
        List<EpochStats> firstHistory = new ArrayList<>();
        for (Fold fold : folds) {
            FittedEncoding encoding = FittedEncoding.fit(data, fold.train(), candidate.layout());
            NetworkInput test = encoding.encode(data, fold.test());
            double[] p;
            if (candidate instanceof Candidate.Network n) {
                p = network(n.hyperparameters(), encoding, fold, test, fold.number() == 1 ? firstHistory : null);
            } else if (candidate instanceof Candidate.Logistic l) {
                p = LogisticRegression.fit(encoding.encode(data, fold.train()).tabular(), data.labels(fold.train()),
                        l.lambda()).predict(test.tabular());
            } else if (candidate instanceof Candidate.Xgboost x) {
                p = x.parameters().fitPredict(encoding.encode(data, fold.train()).tabular(), data.labels(fold.train()),
                        test.tabular());
            } else {
                throw new IllegalStateException("unhandled candidate " + candidate);
            }
            for (int i = 0; i < p.length; i++) {
                oof[fold.test()[i]] = p[i];
            }
            Evaluation e = Evaluation.of(p, test.labels());
            evaluations.add(e);
            log.accept(String.format(Locale.ROOT, "%s fold %d/%d: AUC %.4f (%d rows, %d bad)", candidate.name(),
                    fold.number(), folds.size(), e.auc(), e.rows(), e.bad()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int[] covered = java.util.stream.IntStream.range(0, oof.length).filter(i -> !Double.isNaN(oof[i])).toArray();
        double[] pooledP = Arrays.stream(covered).mapToDouble(i -> oof[i]).toArray();
        float[] pooledY = new float[covered.length];
        for (int i = 0; i < covered.length; i++) {
            pooledY[i] = labels[covered[i]];
        }
        CvResult result = new CvResult(candidate.name(), evaluations, Evaluation.of(pooledP, pooledY), pooledP, pooledY,
                firstHistory, seconds);
        log.accept(String.format(Locale.ROOT, "%s: CV AUC %.4f +- %.4f over %d folds (%.1f s)", candidate.name(),
                result.meanAuc(), result.sdAuc(), folds.size(), seconds));
        return result;
    }

    private double[] network(Hyperparameters hp, FittedEncoding encoding, Fold fold, NetworkInput test,
                             List<EpochStats> history) {
        int[][] split = StratifiedFolds.split(fold.train(), data.labels(), hp.validationFraction(), seed + fold.number());
        NetworkInput fit = encoding.encode(data, split[0]);
        NetworkInput validation = encoding.encode(data, split[1]);
        String prefix = hp.architecture().name().toLowerCase(Locale.ROOT) + " fold " + fold.number() + "/" + folds.size();
        try (TrainedNetwork net = NetworkTrainer.train(
                hp.spec(encoding.tabularWidth(), encoding.sequenceSteps(), encoding.sequenceChannels()),
                hp.config(seed + fold.number()), fit, validation, epoch -> log.accept(Progress.line(prefix, epoch)))) {
            if (history != null) {
                history.addAll(net.history());
            }
            float[] p = net.predict(test);
            double[] out = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = p[i];
            }
            return out;
        }
    }
}

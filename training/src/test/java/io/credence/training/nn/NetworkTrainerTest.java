package io.credence.training.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.training.eval.Metrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class NetworkTrainerTest {

    private static final int TABULAR = 6;
    private static final NetworkSpec MLP =
            new NetworkSpec(Architecture.MLP, TABULAR, 0, 0, List.of(16), 0.0, 0, 0, 0, 0, 0, 1);
    private static final TrainingConfig ADAM_BCE = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 0.01,
            TrainingConfig.Loss.BINARY_CROSS_ENTROPY, 0.0, 0.0, 8, 64, 0, 1.0, 42L);

    private static final NetworkInput TRAIN = Synthetic.rows(600, TABULAR, false, 0, 101L);
    private static final NetworkInput HOLDOUT = Synthetic.rows(300, TABULAR, false, 0, 102L);

    private static double holdoutAuc(TrainedNetwork net, NetworkInput holdout, int grades) {
        return Metrics.rocAuc(Synthetic.toDouble(net.predict(holdout)), Synthetic.badLabels(holdout, grades));
    }

    private static void assertNoNaN(TrainedNetwork net) {
        for (EpochStats stats : net.history()) {
            assertTrue(Double.isFinite(stats.trainLoss()), "epoch " + stats.epoch() + " loss " + stats.trainLoss());
        }
    }

    @ParameterizedTest
    @CsvSource({"ADAM, 0.01", "ADAGRAD, 0.05", "SGD, 0.3"})
    void everyOptimizerLearnsTheSyntheticTask(TrainingConfig.Optimizer optimizer, double learningRate) {
        try (TrainedNetwork net = NetworkTrainer.train(MLP, ADAM_BCE.withOptimizer(optimizer, learningRate),
                TRAIN, null, null)) {
            assertNoNaN(net);
            double auc = holdoutAuc(net, HOLDOUT, 0);
            assertTrue(auc > 0.75, optimizer + ": holdout AUC " + auc);
            assertTrue(net.history().get(net.history().size() - 1).trainLoss() < net.history().get(0).trainLoss(),
                    optimizer + ": training loss did not fall: " + net.history());
        }
    }

    @ParameterizedTest
    @EnumSource(TrainingConfig.Loss.class)
    void everyLossLearnsTheSyntheticTask(TrainingConfig.Loss loss) {
        int grades = loss == TrainingConfig.Loss.SOFTMAX_CROSS_ENTROPY ? 3 : 0;
        NetworkSpec spec = new NetworkSpec(Architecture.MLP, TABULAR, 0, 0, List.of(16), 0.0, 0, 0, 0, 0, 0,
                grades == 0 ? 1 : grades);
        TrainingConfig config = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 0.01, loss, 0.0, 0.0, 8, 64, 0,
                1.0, 42L);
        NetworkInput train = Synthetic.rows(600, TABULAR, false, grades, 101L);
        NetworkInput holdout = Synthetic.rows(300, TABULAR, false, grades, 102L);
        try (TrainedNetwork net = NetworkTrainer.train(spec, config, train, null, null)) {
            assertNoNaN(net);
            double auc = holdoutAuc(net, holdout, grades);
            assertTrue(auc > 0.75, loss + ": holdout AUC " + auc);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Architecture.class, names = {"CNN", "GRU"})
    void sequenceNetworksLearnFromThePaymentHistory(Architecture architecture) {
        NetworkSpec spec = new NetworkSpec(architecture, 2, Synthetic.STEPS, Synthetic.CHANNELS, List.of(8), 0.1,
                6, 3, 2, 8, 1, 1);
        NetworkInput train = Synthetic.rows(600, 2, true, 0, 201L);
        NetworkInput holdout = Synthetic.rows(300, 2, true, 0, 202L);
        try (TrainedNetwork net = NetworkTrainer.train(spec, ADAM_BCE.withMaxEpochs(10), train, null, null)) {
            assertNoNaN(net);
            double auc = holdoutAuc(net, holdout, 0);
            assertTrue(auc > 0.75, architecture + ": holdout AUC " + auc);
        }
    }

    @Test
    void l1AndL2PenaltiesStillTrainAndShrinkTheWeights() {
        TrainingConfig penalised = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 0.01,
                TrainingConfig.Loss.BINARY_CROSS_ENTROPY, 0.01, 0.01, 8, 64, 0, 1.0, 42L);
        try (TrainedNetwork plain = NetworkTrainer.train(MLP, ADAM_BCE, TRAIN, null, null);
             TrainedNetwork shrunk = NetworkTrainer.train(MLP, penalised, TRAIN, null, null)) {
            assertNoNaN(shrunk);
            assertTrue(holdoutAuc(shrunk, HOLDOUT, 0) > 0.75);
            double plainNorm = weightNorm((DjlNetwork) plain);
            double shrunkNorm = weightNorm((DjlNetwork) shrunk);
            assertTrue(shrunkNorm < plainNorm, "penalised |W| " + shrunkNorm + " vs plain " + plainNorm);
        }
    }

    private static double weightNorm(DjlNetwork net) {
        NetworkWeights w = net.block().weights();
        double sum = 0;
        List<NetworkWeights.Dense> layers = new ArrayList<>(w.hidden());
        layers.add(w.output());
        for (NetworkWeights.Dense d : layers) {
            for (float v : d.weight()) {
                sum += Math.abs(v);
            }
        }
        return sum;
    }

    @Test
    void sameSeedGivesIdenticalPredictions() {
        NetworkSpec withDropout = new NetworkSpec(Architecture.GRU, 2, Synthetic.STEPS, Synthetic.CHANNELS,
                List.of(8), 0.2, 0, 0, 0, 6, 2, 1);
        NetworkInput train = Synthetic.rows(300, 2, true, 0, 301L);
        NetworkInput holdout = Synthetic.rows(100, 2, true, 0, 302L);
        TrainingConfig config = ADAM_BCE.withMaxEpochs(3);
        float[] first;
        float[] second;
        float[] otherSeed;
        try (TrainedNetwork net = NetworkTrainer.train(withDropout, config, train, null, null)) {
            first = net.predict(holdout);
        }
        try (TrainedNetwork net = NetworkTrainer.train(withDropout, config, train, null, null)) {
            second = net.predict(holdout);
        }
        try (TrainedNetwork net = NetworkTrainer.train(withDropout, config.withSeed(43L), train, null, null)) {
            otherSeed = net.predict(holdout);
        }
        assertArrayEquals(first, second);
        assertFalse(java.util.Arrays.equals(first, otherSeed), "another seed should give another network");
    }

    @Test
    void positiveClassWeightRaisesTheMeanPredictedProbability() {
        double unweighted;
        double weighted;
        try (TrainedNetwork net = NetworkTrainer.train(MLP, ADAM_BCE, TRAIN, null, null)) {
            unweighted = mean(net.predict(HOLDOUT));
        }
        try (TrainedNetwork net = NetworkTrainer.train(MLP, ADAM_BCE.withPositiveClassWeight(5.0), TRAIN, null, null)) {
            weighted = mean(net.predict(HOLDOUT));
        }
        assertTrue(weighted > unweighted + 0.05, "weighted mean " + weighted + " vs unweighted " + unweighted);
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    @Test
    void earlyStoppingStopsWhenValidationAucStallsAndKeepsTheBestEpoch() {
        // validation labels are noise: AUC wanders around 0.5 and soon stops improving
        NetworkInput validation = Synthetic.withRandomLabels(HOLDOUT, 7L);
        TrainingConfig config = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 0.02,
                TrainingConfig.Loss.BINARY_CROSS_ENTROPY, 0.0, 0.0, 60, 64, 3, 1.0, 42L);
        List<EpochStats> seen = new ArrayList<>();
        try (TrainedNetwork net = NetworkTrainer.train(MLP, config, TRAIN, validation, seen::add)) {
            List<EpochStats> history = net.history();
            assertEquals(seen, history, "the progress consumer sees every epoch");
            assertTrue(history.size() < 60, "stopped after " + history.size() + " epochs");
            int best = 1;
            for (EpochStats s : history) {
                if (s.validationAuc() > history.get(best - 1).validationAuc()) {
                    best = s.epoch();
                }
            }
            assertEquals(best, net.bestEpoch());
            assertEquals(best + config.patience(), history.size(), "stops exactly patience epochs after the best");
            double kept = Metrics.rocAuc(Synthetic.toDouble(net.predict(validation)), validation.labels());
            assertEquals(history.get(best - 1).validationAuc(), kept, 1e-9,
                    "predictions come from the best epoch's parameters");
            for (EpochStats s : history) {
                assertTrue(Double.isFinite(s.validationLoss()), "validation loss of epoch " + s.epoch());
            }
        }
    }

    @Test
    void withoutValidationTheLastEpochIsKept() {
        try (TrainedNetwork net = NetworkTrainer.train(MLP, ADAM_BCE.withMaxEpochs(3), TRAIN, null, null)) {
            assertEquals(3, net.history().size());
            assertEquals(3, net.bestEpoch());
            assertTrue(Double.isNaN(net.history().get(0).validationAuc()));
        }
    }

    @Test
    void lossThatDoesNotFitTheOutputsIsRefused() {
        TrainingConfig softmax = new TrainingConfig(TrainingConfig.Optimizer.ADAM, 0.01,
                TrainingConfig.Loss.SOFTMAX_CROSS_ENTROPY, 0.0, 0.0, 1, 64, 0, 1.0, 1L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkTrainer.train(MLP, softmax, TRAIN, null, null));
        assertTrue(e.getMessage().contains("SOFTMAX_CROSS_ENTROPY needs outputs >= 2"), e.getMessage());
    }

    @Test
    void rowOfTheWrongWidthIsRefusedNamingTheRow() {
        float[][] tabular = new float[3][TABULAR];
        tabular[2] = new float[TABULAR - 1];
        NetworkInput bad = new NetworkInput(tabular, null, new float[] {0, 1, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkTrainer.train(MLP, ADAM_BCE, bad, null, null));
        assertTrue(e.getMessage().contains("tabular row 2 has 5 columns, expected 6"), e.getMessage());
    }

    @Test
    void labelOutsideTheLossRangeIsRefused() {
        NetworkInput bad = new NetworkInput(new float[][] {new float[TABULAR], new float[TABULAR]}, null,
                new float[] {0f, 2f});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkTrainer.train(MLP, ADAM_BCE, bad, null, null));
        assertTrue(e.getMessage().contains("label of row 1 is 2.0"), e.getMessage());
    }

    @Test
    void specThatCannotPoolIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(Architecture.CNN, 0, 6, 3, List.of(), 0.0, 4, 6, 2, 0, 0, 1));
        assertTrue(e.getMessage().contains("convKernel must be in [1, 5]"), e.getMessage());
    }

    @Test
    void trainingWhoseLossStopsBeingFiniteFailsNamingTheEpochAndLearningRate() {
        float[][] tabular = new float[64][TABULAR];
        float[] labels = new float[64];
        for (int r = 0; r < 64; r++) {
            java.util.Arrays.fill(tabular[r], 3e38f);
            labels[r] = r % 2;
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NetworkTrainer.train(MLP, ADAM_BCE, new NetworkInput(tabular, null, labels), null, null));
        assertTrue(e.getMessage().contains("in epoch 1") && e.getMessage().contains("learningRate 0.01"),
                e.getMessage());
    }

    @Test
    void closedNetworkRefusesToPredictOrExport() {
        TrainedNetwork net = NetworkTrainer.train(MLP, ADAM_BCE.withMaxEpochs(1), TRAIN, null, null);
        net.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.predict(HOLDOUT));
        assertTrue(e.getMessage().contains("has been closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> net.exportOnnx(Synthetic.card("closed", MLP)));
        net.close();
    }
}

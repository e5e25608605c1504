package io.credence.training.nn;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.credence.training.eval.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Builds and fits DJL networks.
 *
 * <pre>{@code
 * try (TrainedNetwork net = NetworkTrainer.train(spec, config, train, validation, epoch -> log(epoch))) {
 *     float[] p = net.predict(holdout);
 *     byte[] onnx = net.exportOnnx(card);
 * }
 * }</pre>
 *
 * <p>The loop: per epoch the training rows are shuffled with {@code java.util.Random(seed)} and cut
 * into mini-batches; each batch is one forward pass (dropout active), the loss (per-row loss
 * times class weight, averaged over the batch, plus {@code l1 * sum|W| + l2 * sum W^2} over all
 * weight matrices, not biases) is back-propagated and the optimizer updates every parameter. The
 * reported training loss is the data loss without the penalty, so that it compares with the
 * validation loss. PyTorch's generator is seeded through {@link Engine#setRandomSeed(int)}, so
 * initialisation and dropout are reproducible for a fixed seed.
 *
 * <p>Calls to {@code train} are serialised within a JVM: the PyTorch engine has one global random
 * generator and allows one gradient collector at a time. Prediction and export on fitted networks
 * need no lock.
 */
public final class NetworkTrainer {

    private static final Object TRAINING = new Object();

    private NetworkTrainer() {
    }

    /**
     * Fits a network. With validation rows and {@code patience > 0}, stops when validation AUC has
     * not improved for {@code patience} epochs and keeps the parameters of the best epoch.
     *
     * @param validation may be null (then no early stopping)
     * @param progress   called after every epoch
     * @throws IllegalArgumentException when the loss does not fit the outputs, or the rows do not fit the spec
     * @throws IllegalStateException    when the training loss becomes NaN or infinite
     */
    public static TrainedNetwork train(NetworkSpec spec, TrainingConfig config, NetworkInput train,
                                       NetworkInput validation, Consumer<EpochStats> progress) {
        checkLossFitsOutputs(spec, config);
        RowTensors trainRows = new RowTensors(spec, train, "training rows");
        if (trainRows.rows() == 0) {
            throw new IllegalArgumentException("training rows: there are none");
        }
        checkLabels(spec, config, trainRows, "training rows");
        RowTensors validationRows = null;
        if (validation != null && validation.rows() > 0) {
            validationRows = new RowTensors(spec, validation, "validation rows");
            checkLabels(spec, config, validationRows, "validation rows");
        }
        synchronized (TRAINING) {
            return fit(spec, config, trainRows, validationRows, progress == null ? stats -> { } : progress);
        }
    }

    private static TrainedNetwork fit(NetworkSpec spec, TrainingConfig config, RowTensors trainRows,
                                      RowTensors validationRows, Consumer<EpochStats> progress) {
        Engine engine = Engine.getInstance();
        engine.setRandomSeed((int) (config.seed() ^ (config.seed() >>> 32)));
        Model model = Model.newInstance("credence-" + spec.architecture().name().toLowerCase(), Device.cpu());
        DjlNetwork network = null;
        try {
            CredenceBlock block = new CredenceBlock(spec);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32,
                    block.inputShapes(Math.min(config.batchSize(), trainRows.rows())));
            network = new DjlNetwork(model, block, spec);
            new Loop(spec, config, network, engine, trainRows, validationRows, progress).run();
            return network;
        } finally {
            if (network == null || !network.isTrained()) {
                model.close();
            }
        }
    }

    private static void checkLossFitsOutputs(NetworkSpec spec, TrainingConfig config) {
        if (config.loss() == TrainingConfig.Loss.SOFTMAX_CROSS_ENTROPY && spec.outputs() < 2) {
            throw new IllegalArgumentException("loss SOFTMAX_CROSS_ENTROPY needs outputs >= 2 (one per grade), was "
                    + spec.outputs());
        }
        if (config.loss() != TrainingConfig.Loss.SOFTMAX_CROSS_ENTROPY && spec.outputs() != 1) {
            throw new IllegalArgumentException("loss " + config.loss() + " needs outputs = 1 (one sigmoid unit), was "
                    + spec.outputs());
        }
    }

    private static void checkLabels(NetworkSpec spec, TrainingConfig config, RowTensors rows, String what) {
        for (int r = 0; r < rows.rows(); r++) {
            float y = rows.label(r);
            boolean ok = switch (config.loss()) {
                case BINARY_CROSS_ENTROPY, MSE -> y >= 0f && y <= 1f;
                case SOFTMAX_CROSS_ENTROPY -> y >= 0f && y < spec.outputs() && y == Math.rint(y);
            };
            if (!ok) {
                throw new IllegalArgumentException(what + ": label of row " + r + " is " + y + ", expected "
                        + (config.loss() == TrainingConfig.Loss.SOFTMAX_CROSS_ENTROPY
                        ? "a grade index in 0.." + (spec.outputs() - 1) : "a value in [0, 1]"));
            }
        }
    }

    /** One training run. */
    private static final class Loop {
        private final NetworkSpec spec;
        private final TrainingConfig config;
        private final DjlNetwork network;
        private final Engine engine;
        private final RowTensors train;
        private final RowTensors validation;
        private final Consumer<EpochStats> progress;
        private final List<Parameter> parameters;
        private final List<Parameter> penalised;
        private final Updater updater;
        private final ParameterStore store;

        Loop(NetworkSpec spec, TrainingConfig config, DjlNetwork network, Engine engine, RowTensors train,
             RowTensors validation, Consumer<EpochStats> progress) {
            this.spec = spec;
            this.config = config;
            this.network = network;
            this.engine = engine;
            this.train = train;
            this.validation = validation;
            this.progress = progress;
            this.parameters = network.block().getParameters().values();
            this.penalised = parameters.stream().filter(p -> p.getType() == Parameter.Type.WEIGHT).toList();
            this.updater = Updater.of(config);
            this.store = new ParameterStore(network.manager(), false);
        }

        void run() {
            boolean earlyStopping = validation != null && config.patience() > 0;
            Random random = new Random(config.seed());
            int[] order = new int[train.rows()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            List<EpochStats> history = new ArrayList<>();
            double bestAuc = Double.NEGATIVE_INFINITY;
            int bestEpoch = 0;
            List<float[]> bestParameters = null;
            int epoch = 0;
            while (epoch < config.maxEpochs()) {
                epoch++;
                shuffle(order, random);
                double trainLoss = trainEpoch(order);
                if (!Double.isFinite(trainLoss)) {
                    throw new IllegalStateException("training loss became " + trainLoss + " in epoch " + epoch
                            + " (" + config.optimizer() + ", learningRate " + config.learningRate()
                            + "); lower the learning rate or check the inputs for extreme values");
                }
                double validationLoss = Double.NaN;
                double validationAuc = Double.NaN;
                if (validation != null) {
                    DjlNetwork.Outputs out = network.outputs(validation);
                    validationLoss = meanLoss(out, validation);
                    validationAuc = auc(out.badProbability(), validation);
                }
                EpochStats stats = new EpochStats(epoch, trainLoss, validationLoss, validationAuc);
                history.add(stats);
                progress.accept(stats);
                if (earlyStopping && !Double.isNaN(validationAuc)) {
                    if (validationAuc > bestAuc) {
                        bestAuc = validationAuc;
                        bestEpoch = epoch;
                        bestParameters = snapshot();
                    } else if (epoch - bestEpoch >= config.patience()) {
                        break;
                    }
                }
            }
            if (bestParameters != null && bestEpoch != epoch) {
                restore(bestParameters);
            }
            network.finish(history, bestParameters != null ? bestEpoch : epoch);
        }

        private double trainEpoch(int[] order) {
            int n = order.length;
            double lossSum = 0;
            for (int from = 0; from < n; from += config.batchSize()) {
                int to = Math.min(n, from + config.batchSize());
                try (NDManager batch = network.manager().newSubManager()) {
                    NDList inputs = train.inputs(batch, order, from, to);
                    float[] labels = train.labels(order, from, to);
                    try (GradientCollector collector = engine.newGradientCollector()) {
                        NDArray logits = network.block().forward(store, inputs, true).singletonOrThrow();
                        NDArray dataLoss = batchLoss(batch, logits, labels);
                        NDArray total = dataLoss;
                        if (config.l1() > 0 || config.l2() > 0) {
                            total = dataLoss.add(penalty(batch));
                        }
                        collector.backward(total);
                        lossSum += dataLoss.getFloat() * (double) (to - from);
                    }
                    for (Parameter parameter : parameters) {
                        NDArray weight = parameter.getArray();
                        NDArray gradient = weight.getGradient();
                        gradient.attach(batch);
                        updater.update(parameter.getId(), weight, gradient, batch);
                        gradient.subi(gradient);
                    }
                }
            }
            return lossSum / n;
        }

        /** Mean over the batch of class weight x per-row loss, on the graph. */
        private NDArray batchLoss(NDManager batch, NDArray logits, float[] labels) {
            int b = labels.length;
            float[] weights = new float[b];
            for (int i = 0; i < b; i++) {
                weights[i] = isBad(labels[i]) ? (float) config.positiveClassWeight() : 1f;
            }
            NDArray w = batch.create(weights, new Shape(b));
            NDArray rowLoss;
            switch (config.loss()) {
                case BINARY_CROSS_ENTROPY -> {
                    NDArray z = logits.reshape(b);
                    NDArray y = batch.create(labels, new Shape(b));
                    // max(z, 0) - z * y + log(1 + exp(-|z|)): stable for large |z|
                    rowLoss = z.maximum(0f).sub(z.mul(y)).add(z.abs().neg().exp().add(1f).log());
                }
                case MSE -> {
                    NDArray p = Activation.sigmoid(logits.reshape(b));
                    rowLoss = p.sub(batch.create(labels, new Shape(b))).square();
                }
                case SOFTMAX_CROSS_ENTROPY -> {
                    int k = spec.outputs();
                    float[] oneHot = new float[b * k];
                    for (int i = 0; i < b; i++) {
                        oneHot[i * k + (int) labels[i]] = 1f;
                    }
                    NDArray target = batch.create(oneHot, new Shape(b, k));
                    rowLoss = logits.logSoftmax(1).mul(target).sum(new int[] {1}).neg();
                }
                default -> throw new IllegalStateException("unknown loss " + config.loss());
            }
            return rowLoss.mul(w).mean();
        }

        /** {@code l1 * sum|W| + l2 * sum W^2} over the weight matrices, built in the batch manager. */
        private NDArray penalty(NDManager batch) {
            NDArray sum = batch.create(0f);
            for (Parameter parameter : penalised) {
                NDArray local = batch.create(1f).mul(parameter.getArray());
                if (config.l1() > 0) {
                    sum = sum.add(local.abs().sum().mul((float) config.l1()));
                }
                if (config.l2() > 0) {
                    sum = sum.add(local.square().sum().mul((float) config.l2()));
                }
            }
            return sum;
        }

        private boolean isBad(float label) {
            return config.loss() == TrainingConfig.Loss.SOFTMAX_CROSS_ENTROPY
                    ? Math.round(label) == spec.outputs() - 1
                    : label > 0.5f;
        }

        /** The weighted mean loss of the rows, as the training objective defines it (no penalty). */
        private double meanLoss(DjlNetwork.Outputs out, RowTensors rows) {
            int k = out.width();
            double sum = 0;
            for (int r = 0; r < rows.rows(); r++) {
                double y = rows.label(r);
                double loss = switch (config.loss()) {
                    case BINARY_CROSS_ENTROPY -> {
                        double z = out.logits()[r];
                        yield Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
                    }
                    case MSE -> {
                        double d = out.probabilities()[r] - y;
                        yield d * d;
                    }
                    case SOFTMAX_CROSS_ENTROPY -> {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j < k; j++) {
                            max = Math.max(max, out.logits()[r * k + j]);
                        }
                        double s = 0;
                        for (int j = 0; j < k; j++) {
                            s += Math.exp(out.logits()[r * k + j] - max);
                        }
                        yield max + Math.log(s) - out.logits()[r * k + (int) y];
                    }
                };
                sum += (isBad(rows.label(r)) ? config.positiveClassWeight() : 1.0) * loss;
            }
            return sum / rows.rows();
        }

        /** ROC AUC of the bad-class probability; NaN when the rows hold only one class. */
        private double auc(float[] scores, RowTensors rows) {
            float[] bad = new float[rows.rows()];
            double[] s = new double[rows.rows()];
            int positives = 0;
            for (int r = 0; r < bad.length; r++) {
                bad[r] = isBad(rows.label(r)) ? 1f : 0f;
                positives += (int) bad[r];
                s[r] = scores[r];
            }
            if (positives == 0 || positives == bad.length) {
                return Double.NaN;
            }
            return Metrics.rocAuc(s, bad);
        }

        private List<float[]> snapshot() {
            List<float[]> values = new ArrayList<>(parameters.size());
            for (Parameter parameter : parameters) {
                values.add(parameter.getArray().toFloatArray());
            }
            return values;
        }

        private void restore(List<float[]> values) {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).getArray().set(values.get(i));
            }
        }

        private static void shuffle(int[] order, Random random) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }
}

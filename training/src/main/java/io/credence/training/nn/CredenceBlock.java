package io.credence.training.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The DJL block of every Credence network. Inputs: the tabular matrix {@code [batch, width]} (when
 * the spec has one), then the sequence {@code [batch, steps, channels]} (CNN and GRU). Output: the
 * logits {@code [batch, outputs]}; the sigmoid or softmax is applied by the caller, so the loss
 * can work on logits.
 */
final class CredenceBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final NetworkSpec spec;
    private final Conv1d conv;
    private final GRU gru;
    private final List<Linear> hidden = new ArrayList<>();
    private final Linear output;
    private final float dropout;

    CredenceBlock(NetworkSpec spec) {
        super(VERSION);
        this.spec = spec;
        this.dropout = (float) spec.dropout();
        this.conv = spec.architecture() == Architecture.CNN
                ? addChildBlock("conv", Conv1d.builder().setKernelShape(new Shape(spec.convKernel()))
                        .setFilters(spec.convFilters()).build())
                : null;
        this.gru = spec.architecture() == Architecture.GRU
                ? addChildBlock("gru", GRU.builder().setStateSize(spec.gruHidden()).setNumLayers(spec.gruLayers())
                        .optBatchFirst(true).build())
                : null;
        for (int i = 0; i < spec.hidden().size(); i++) {
            hidden.add(addChildBlock("dense" + i, Linear.builder().setUnits(spec.hidden().get(i)).build()));
        }
        this.output = addChildBlock("output", Linear.builder().setUnits(spec.outputs()).build());
    }

    /** Input shapes for a batch of {@code batch} rows, in input order. */
    Shape[] inputShapes(long batch) {
        List<Shape> shapes = new ArrayList<>(2);
        if (spec.hasTabular()) {
            shapes.add(new Shape(batch, spec.tabularWidth()));
        }
        if (spec.hasSequence()) {
            shapes.add(new Shape(batch, spec.sequenceSteps(), spec.sequenceChannels()));
        }
        return shapes.toArray(Shape[]::new);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        int next = 0;
        NDArray tabular = spec.hasTabular() ? inputs.get(next++) : null;
        NDArray sequence = spec.hasSequence() ? inputs.get(next) : null;
        NDArray x = switch (spec.architecture()) {
            case MLP -> tabular;
            case CNN -> join(tabular, convFeatures(store, sequence, training));
            case GRU -> join(tabular, gruFeatures(store, sequence, training));
        };
        for (Linear layer : hidden) {
            x = Activation.relu(layer.forward(store, new NDList(x), training).singletonOrThrow());
            if (training && dropout > 0f) {
                x = Dropout.dropout(x, dropout, true).singletonOrThrow();
            }
        }
        return output.forward(store, new NDList(x), training);
    }

    /** [batch, steps, channels] -> NCW -> conv -> ReLU -> max pool -> [batch, filters * pooled]. */
    private NDArray convFeatures(ParameterStore store, NDArray sequence, boolean training) {
        NDArray ncw = sequence.transpose(0, 2, 1);
        NDArray c = Activation.relu(conv.forward(store, new NDList(ncw), training).singletonOrThrow());
        Shape pool = new Shape(spec.convPool());
        NDArray pooled = Pool.maxPool1d(c, pool, pool, new Shape(0), false);
        return pooled.reshape(pooled.getShape().get(0), (long) spec.sequenceFeatureWidth());
    }

    /** [batch, steps, channels] -> stacked GRU -> hidden state of the last step [batch, gruHidden]. */
    private NDArray gruFeatures(ParameterStore store, NDArray sequence, boolean training) {
        NDArray states = gru.forward(store, new NDList(sequence), training).head();
        return states.get(":, -1, :");
    }

    private static NDArray join(NDArray tabular, NDArray features) {
        return tabular == null ? features : NDArrays.concat(new NDList(tabular, features), 1);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), spec.outputs())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        if (conv != null) {
            conv.initialize(manager, dataType, new Shape(batch, spec.sequenceChannels(), spec.sequenceSteps()));
        }
        if (gru != null) {
            gru.initialize(manager, dataType, new Shape(batch, spec.sequenceSteps(), spec.sequenceChannels()));
        }
        long width = spec.joinedWidth();
        for (Linear layer : hidden) {
            layer.initialize(manager, dataType, new Shape(batch, width));
            width = layer.getOutputShapes(new Shape[] {new Shape(batch, width)})[0].get(1);
        }
        output.initialize(manager, dataType, new Shape(batch, width));
    }

    /** The current parameters as float arrays, for export. */
    NetworkWeights weights() {
        NetworkWeights.Conv convWeights = null;
        if (conv != null) {
            convWeights = new NetworkWeights.Conv(floats(conv, "weight"), floats(conv, "bias"),
                    spec.convFilters(), spec.sequenceChannels(), spec.convKernel());
        }
        List<NetworkWeights.GruLayer> layers = new ArrayList<>();
        if (gru != null) {
            int input = spec.sequenceChannels();
            for (int l = 0; l < spec.gruLayers(); l++) {
                layers.add(new NetworkWeights.GruLayer(
                        floats(gru, gruName(l, "i2h", "WEIGHT")), floats(gru, gruName(l, "h2h", "WEIGHT")),
                        floats(gru, gruName(l, "i2h", "BIAS")), floats(gru, gruName(l, "h2h", "BIAS")),
                        input, spec.gruHidden()));
                input = spec.gruHidden();
            }
        }
        List<NetworkWeights.Dense> dense = new ArrayList<>();
        int in = spec.joinedWidth();
        for (int i = 0; i < hidden.size(); i++) {
            int out = spec.hidden().get(i);
            dense.add(new NetworkWeights.Dense(floats(hidden.get(i), "weight"), floats(hidden.get(i), "bias"), in, out));
            in = out;
        }
        NetworkWeights.Dense out = new NetworkWeights.Dense(floats(output, "weight"), floats(output, "bias"),
                in, spec.outputs());
        return new NetworkWeights(convWeights, layers, dense, out);
    }

    private static String gruName(int layer, String gate, String type) {
        return "l_" + layer + "_" + gate + "_" + type;
    }

    private static float[] floats(AbstractBlock block, String name) {
        Parameter parameter = block.getDirectParameters().get(name);
        if (parameter == null) {
            throw new IllegalStateException("DJL block " + block.getClass().getSimpleName() + " has no parameter '"
                    + name + "'; its parameters are " + block.getDirectParameters().keys());
        }
        return parameter.getArray().toFloatArray();
    }
}

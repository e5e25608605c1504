package io.credence.training.nn;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.credence.plugin.card.InputSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.runtime.ModelSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a trained network as an ONNX model (opset {@value #OPSET}) from its parameters.
 *
 * <ul>
 *   <li>Dense layers: {@code Gemm(x, W, b, transB=1)} with W in PyTorch's [out, in] layout, then Relu.</li>
 *   <li>CNN: {@code Transpose(perm=[0,2,1])} to NCW, {@code Conv}, {@code Relu},
 *       {@code MaxPool} (kernel and stride the spec's pool width), {@code Flatten}.</li>
 *   <li>GRU: {@code Transpose(perm=[1,0,2])} to [steps, batch, channels], one {@code GRU} node per layer
 *       with {@code linear_before_reset=1} (PyTorch's formulation), gate blocks reordered from
 *       PyTorch's (r, z, n) to ONNX's (z, r, h); a lower layer's Y feeds the next after
 *       {@code Squeeze(axes=[1])}; the top layer's Y_h is the last step's state, {@code Squeeze(axes=[0])}.</li>
 *   <li>Tabular input joined before the sequence features with {@code Concat(axis=1)}.</li>
 *   <li>Output: {@code Sigmoid} for one unit, {@code Softmax(axis=1)} for grades.</li>
 * </ul>
 */
final class OnnxExporter {

    /** The pinned ONNX operator set. */
    static final int OPSET = 17;
    /** ONNX IR version matching opset 17. */
    static final int IR_VERSION = 8;
    /** The producer name written into every exported model. */
    static final String PRODUCER = "credence-training";

    private final List<OnnxMl.NodeProto> nodes = new ArrayList<>();
    private final List<OnnxMl.TensorProto> initializers = new ArrayList<>();

    private OnnxExporter() {
    }

    /**
     * @throws IllegalArgumentException when the card's inputs or output do not fit the network
     */
    static byte[] export(NetworkSpec spec, NetworkWeights weights, ModelCard card) {
        return new OnnxExporter().build(spec, weights, card);
    }

    private byte[] build(NetworkSpec spec, NetworkWeights weights, ModelCard card) {
        InputSpec tabular = null;
        InputSpec sequence = null;
        for (InputSpec input : card.inputs()) {
            if (input.layout() == InputSpec.Layout.sequence) {
                if (sequence != null || !spec.hasSequence()) {
                    throw new IllegalArgumentException("card " + card.id() + ": input '" + input.name()
                            + "' is a sequence input but the " + spec.architecture() + " network reads "
                            + (spec.hasSequence() ? "only one" : "none"));
                }
                sequence = input;
            } else {
                if (tabular != null || !spec.hasTabular()) {
                    throw new IllegalArgumentException("card " + card.id() + ": input '" + input.name()
                            + "' is a tabular input but the network reads "
                            + (spec.hasTabular() ? "only one" : "none (tabularWidth is 0)"));
                }
                tabular = input;
            }
        }
        if (spec.hasTabular()) {
            if (tabular == null) {
                throw new IllegalArgumentException("card " + card.id() + ": the network reads " + spec.tabularWidth()
                        + " tabular columns but the card has no tabular input");
            }
            if (tabular.width() != spec.tabularWidth()) {
                throw new IllegalArgumentException("card " + card.id() + ": tabular input '" + tabular.name() + "' encodes "
                        + tabular.width() + " columns but the network reads " + spec.tabularWidth());
            }
        }
        if (spec.hasSequence()) {
            if (sequence == null) {
                throw new IllegalArgumentException("card " + card.id() + ": the " + spec.architecture()
                        + " network reads a sequence but the card has no sequence input");
            }
            if (sequence.steps() != spec.sequenceSteps() || sequence.width() != spec.sequenceChannels()) {
                throw new IllegalArgumentException("card " + card.id() + ": sequence input '" + sequence.name() + "' is "
                        + sequence.steps() + " steps x " + sequence.width() + " channels but the network reads "
                        + spec.sequenceSteps() + " x " + spec.sequenceChannels());
            }
        }
        if (card.output().index() >= spec.outputs()) {
            throw new IllegalArgumentException("card " + card.id() + ": output.index " + card.output().index()
                    + " is outside the network's " + spec.outputs() + " output(s)");
        }

        String features = switch (spec.architecture()) {
            case MLP -> tabular.name();
            case CNN -> join(tabular, convolution(sequence.name(), weights.conv(), spec.convPool()));
            case GRU -> join(tabular, recurrent(sequence.name(), weights.gru()));
        };
        String x = features;
        for (int i = 0; i < weights.hidden().size(); i++) {
            String pre = gemm("dense" + i, x, weights.hidden().get(i));
            x = "dense" + i + "_relu";
            node("Relu", List.of(pre), List.of(x), List.of());
        }
        String logits = gemm("output", x, weights.output());
        if (spec.outputs() == 1) {
            node("Sigmoid", List.of(logits), List.of(card.output().name()), List.of());
        } else {
            node("Softmax", List.of(logits), List.of(card.output().name()), List.of(intAttr("axis", 1)));
        }

        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName(card.name())
                .addAllNode(nodes).addAllInitializer(initializers)
                .addOutput(valueInfo(card.output().name(), new long[] {-1, spec.outputs()}));
        for (InputSpec input : card.inputs()) {
            graph.addInput(valueInfo(input.name(), input.shape(-1)));
        }
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .setModelVersion(1)
                .setDocString(spec.architecture() + " network for " + card.id())
                .setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        metadata(model, ModelSession.META_NAME, card.name());
        metadata(model, ModelSession.META_VERSION, card.version());
        metadata(model, ModelSession.META_SCHEMA_DIGEST, card.featureSchemaDigest());
        metadata(model, "credence.architecture", spec.architecture().name());
        return model.build().toByteArray();
    }

    private String join(InputSpec tabular, String sequenceFeatures) {
        if (tabular == null) {
            return sequenceFeatures;
        }
        node("Concat", List.of(tabular.name(), sequenceFeatures), List.of("joined"), List.of(intAttr("axis", 1)));
        return "joined";
    }

    private String convolution(String input, NetworkWeights.Conv conv, int pool) {
        node("Transpose", List.of(input), List.of("seq_ncw"), List.of(intsAttr("perm", 0, 2, 1)));
        initializer("conv_w", new long[] {conv.filters(), conv.channels(), conv.kernel()}, conv.weight());
        initializer("conv_b", new long[] {conv.filters()}, conv.bias());
        node("Conv", List.of("seq_ncw", "conv_w", "conv_b"), List.of("conv"),
                List.of(intsAttr("kernel_shape", conv.kernel()), intsAttr("strides", 1), intsAttr("pads", 0, 0)));
        node("Relu", List.of("conv"), List.of("conv_relu"), List.of());
        node("MaxPool", List.of("conv_relu"), List.of("conv_pool"),
                List.of(intsAttr("kernel_shape", pool), intsAttr("strides", pool)));
        node("Flatten", List.of("conv_pool"), List.of("seq_features"), List.of(intAttr("axis", 1)));
        return "seq_features";
    }

    private String recurrent(String input, List<NetworkWeights.GruLayer> layers) {
        node("Transpose", List.of(input), List.of("seq_tnc"), List.of(intsAttr("perm", 1, 0, 2)));
        longInitializer("axis0", new long[] {0});
        if (layers.size() > 1) {
            longInitializer("axis1", new long[] {1});
        }
        String x = "seq_tnc";
        for (int l = 0; l < layers.size(); l++) {
            NetworkWeights.GruLayer layer = layers.get(l);
            int h = layer.hidden();
            String p = "gru" + l;
            initializer(p + "_W", new long[] {1, 3L * h, layer.input()}, zrh(layer.inputWeight(), h, layer.input()));
            initializer(p + "_R", new long[] {1, 3L * h, h}, zrh(layer.recurrentWeight(), h, h));
            float[] bias = new float[6 * h];
            System.arraycopy(zrh(layer.inputBias(), h, 1), 0, bias, 0, 3 * h);
            System.arraycopy(zrh(layer.recurrentBias(), h, 1), 0, bias, 3 * h, 3 * h);
            initializer(p + "_B", new long[] {1, 6L * h}, bias);
            node("GRU", List.of(x, p + "_W", p + "_R", p + "_B"), List.of(p + "_Y", p + "_Yh"),
                    List.of(intAttr("hidden_size", h), intAttr("linear_before_reset", 1)));
            if (l < layers.size() - 1) {
                x = p + "_seq";
                node("Squeeze", List.of(p + "_Y", "axis1"), List.of(x), List.of());
            } else {
                x = "seq_features";
                node("Squeeze", List.of(p + "_Yh", "axis0"), List.of(x), List.of());
            }
        }
        return x;
    }

    /** Reorders PyTorch's gate blocks (r, z, n), each {@code h x cols}, to ONNX's (z, r, h). */
    private static float[] zrh(float[] rzn, int h, int cols) {
        int block = h * cols;
        float[] out = new float[3 * block];
        System.arraycopy(rzn, block, out, 0, block);
        System.arraycopy(rzn, 0, out, block, block);
        System.arraycopy(rzn, 2 * block, out, 2 * block, block);
        return out;
    }

    private String gemm(String name, String x, NetworkWeights.Dense dense) {
        initializer(name + "_W", new long[] {dense.out(), dense.in()}, dense.weight());
        initializer(name + "_b", new long[] {dense.out()}, dense.bias());
        node("Gemm", List.of(x, name + "_W", name + "_b"), List.of(name), List.of(intAttr("transB", 1)));
        return name;
    }

    private void node(String op, List<String> inputs, List<String> outputs, List<OnnxMl.AttributeProto> attributes) {
        nodes.add(OnnxMl.NodeProto.newBuilder().setOpType(op).setName(op.toLowerCase() + "_" + nodes.size())
                .addAllInput(inputs).addAllOutput(outputs).addAllAttribute(attributes).build());
    }

    private void initializer(String name, long[] dims, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        initializers.add(t.build());
    }

    private void longInitializer(String name, long[] values) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        initializers.add(t.build());
    }

    private static OnnxMl.AttributeProto intAttr(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static OnnxMl.AttributeProto intsAttr(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static void metadata(OnnxMl.ModelProto.Builder model, String key, String value) {
        model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, long[] shape) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (long dim : shape) {
            s.addDim(dim < 0
                    ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(s))).build();
    }
}

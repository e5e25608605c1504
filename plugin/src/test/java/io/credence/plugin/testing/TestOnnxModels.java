package io.credence.plugin.testing;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds small ONNX models inside tests, so no binary fixture comes from elsewhere: a logistic
 * regression ({@code sigmoid(x . w + b)}) whose output is known in closed form, a two-layer MLP
 * with seeded random weights, and broken models whose output is a constant or the input itself
 * (NaN, -0.5, 1.5: not probabilities).
 */
public final class TestOnnxModels {

    private TestOnnxModels() {
    }

    /** {@code probability = sigmoid(features . weights + bias)}, input [N, d], output [N, 1]. */
    public static byte[] logistic(String inputName, float[] weights, float bias, String outputName,
                                  Map<String, String> metadata) {
        Graph g = logisticGraph(inputName, weights, bias, outputName);
        return g.model(inputName, new long[] {-1, weights.length}, outputName, new long[] {-1, 1}, metadata);
    }

    /** As {@link #logistic}, with an output of shape {@code [batch]} instead of {@code [batch, 1]}. */
    public static byte[] logisticRank1(String inputName, float[] weights, float bias, String outputName) {
        Graph g = logisticGraph(inputName, weights, bias, "p2d");
        // opset 13 ReduceMean still takes its axes as an attribute: [batch, 1] -> [batch]
        g.nodes.add(OnnxMl.NodeProto.newBuilder().setOpType("ReduceMean").addInput("p2d").addOutput(outputName)
                .setName("reducemean").addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axes")
                        .setType(OnnxMl.AttributeProto.AttributeType.INTS).addInts(1))
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("keepdims")
                        .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(0)).build());
        return g.model(inputName, new long[] {-1, weights.length}, outputName, new long[] {-1}, Map.of());
    }

    /**
     * A model that answers {@code value} for every row, whatever the input (e.g. NaN, -0.5, 1.5
     * or -0.0): {@code (features . 0 + 1) * value}, input [N, d], output [N, 1]. The output still
     * depends on the input, so ONNX Runtime cannot fold it away.
     */
    public static byte[] constant(String inputName, int d, float value, String outputName) {
        Graph g = new Graph();
        g.initializer("zeros", new long[] {d, 1}, new float[d]);
        g.initializer("one", new long[] {1}, new float[] {1f});
        g.initializer("value", new long[] {1}, new float[] {value});
        g.node("MatMul", List.of(inputName, "zeros"), "x0");
        g.node("Add", List.of("x0", "one"), "ones");
        g.node("Mul", List.of("ones", "value"), outputName);
        return g.model(inputName, new long[] {-1, d}, outputName, new long[] {-1, 1}, Map.of());
    }

    /**
     * A model that answers its single input unchanged ({@code features . [1]}), input [N, 1],
     * output [N, 1]: the caller chooses each row's output, valid or not.
     */
    public static byte[] identity(String inputName, String outputName) {
        Graph g = new Graph();
        g.initializer("w", new long[] {1, 1}, new float[] {1f});
        g.node("MatMul", List.of(inputName, "w"), outputName);
        return g.model(inputName, new long[] {-1, 1}, outputName, new long[] {-1, 1}, Map.of());
    }

    /** sigmoid(x w + b) into {@code outputName}, shape [batch, 1]. */
    private static Graph logisticGraph(String inputName, float[] weights, float bias, String outputName) {
        Graph g = new Graph();
        g.initializer("w", new long[] {weights.length, 1}, weights);
        g.initializer("b", new long[] {1}, new float[] {bias});
        g.node("MatMul", List.of(inputName, "w"), "xw");
        g.node("Add", List.of("xw", "b"), "logit");
        g.node("Sigmoid", List.of("logit"), outputName);
        return g;
    }

    /** A d -> hidden (ReLU) -> 1 (sigmoid) network with weights drawn from {@code seed}. */
    public static byte[] mlp(String inputName, int d, int hidden, long seed, String outputName,
                             Map<String, String> metadata) {
        Graph g = new Graph();
        hiddenLayer(g, inputName, d, hidden, new Random(seed), 1.0, outputName);
        return g.model(inputName, new long[] {-1, d}, outputName, new long[] {-1, 1}, metadata);
    }

    /** {@code in} (d wide) -> hidden (ReLU) -> 1 (sigmoid) as {@code out}; output weights of sd {@code outScale / sqrt(hidden)}. */
    private static void hiddenLayer(Graph g, String in, int d, int hidden, Random random, double outScale, String out) {
        g.initializer("w1", new long[] {d, hidden}, gaussian(random, d * hidden, 1.0 / Math.sqrt(d)));
        g.initializer("b1", new long[] {hidden}, gaussian(random, hidden, 0.1));
        g.initializer("w2", new long[] {hidden, 1}, gaussian(random, hidden, outScale / Math.sqrt(hidden)));
        g.initializer("b2", new long[] {1}, new float[] {-0.5f});
        g.node("MatMul", List.of(in, "w1"), "h1");
        g.node("Add", List.of("h1", "b1"), "h1b");
        g.node("Relu", List.of("h1b"), "h1r");
        g.node("MatMul", List.of("h1r", "w2"), "o");
        g.node("Add", List.of("o", "b2"), "ob");
        g.node("Sigmoid", List.of("ob"), out);
    }

    /**
     * A non-linear sequence model: input [N, steps, channels] flattened (time-major) into a
     * steps * channels -> hidden (ReLU) -> 1 (sigmoid) network with weights drawn from {@code seed}.
     */
    public static byte[] sequenceMlp(String inputName, int steps, int channels, int hidden, long seed, String outputName) {
        Graph g = new Graph();
        g.node("Flatten", List.of(inputName), "flat");
        hiddenLayer(g, "flat", steps * channels, hidden, new Random(seed), 2.0, outputName);
        return g.model(inputName, new long[] {-1, steps, channels}, outputName, new long[] {-1, 1}, Map.of());
    }

    /**
     * A sequence model: input [N, steps, channels], mean over time, then a logistic layer on the
     * channel means. Enough to exercise sequence encoding end to end.
     */
    public static byte[] sequenceMean(String inputName, int steps, float[] channelWeights, float bias,
                                      String outputName) {
        int c = channelWeights.length;
        Graph g = new Graph();
        g.initializer("w", new long[] {c, 1}, channelWeights);
        g.initializer("b", new long[] {1}, new float[] {bias});
        OnnxMl.NodeProto.Builder mean = OnnxMl.NodeProto.newBuilder().setOpType("ReduceMean")
                .addInput(inputName).addOutput("m").setName("mean_over_time")
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axes")
                        .setType(OnnxMl.AttributeProto.AttributeType.INTS).addInts(1))
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("keepdims")
                        .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(0));
        g.nodes.add(mean.build());
        g.node("MatMul", List.of("m", "w"), "mw");
        g.node("Add", List.of("mw", "b"), "logit");
        g.node("Sigmoid", List.of("logit"), outputName);
        return g.model(inputName, new long[] {-1, steps, c}, outputName, new long[] {-1, 1}, Map.of());
    }

    private static float[] gaussian(Random random, int n, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * sd);
        }
        return v;
    }

    private static final class Graph {
        private final List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        private final List<OnnxMl.TensorProto> initializers = new ArrayList<>();

        void initializer(String name, long[] dims, float[] values) {
            OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                    .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
            for (long dim : dims) {
                t.addDims(dim);
            }
            for (float v : values) {
                t.addFloatData(v);
            }
            initializers.add(t.build());
        }

        void node(String op, List<String> inputs, String output) {
            nodes.add(OnnxMl.NodeProto.newBuilder().setOpType(op).addAllInput(inputs).addOutput(output)
                    .setName(op.toLowerCase() + "_" + nodes.size()).build());
        }

        byte[] model(String input, long[] inShape, String output, long[] outShape, Map<String, String> metadata) {
            OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("test")
                    .addAllNode(nodes).addAllInitializer(initializers)
                    .addInput(valueInfo(input, inShape)).addOutput(valueInfo(output, outShape)).build();
            OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder().setIrVersion(8)
                    .setProducerName("credence-tests").setGraph(graph)
                    .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13));
            metadata.forEach((k, v) -> model.addMetadataProps(
                    OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
            return model.build().toByteArray();
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
}

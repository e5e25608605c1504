package io.credence.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.card.ModelCards;
import io.credence.plugin.registry.ModelRegistry;
import io.credence.plugin.runtime.ExecutionProviderPolicy;
import io.credence.plugin.runtime.OnnxRuntimeHost;
import io.credence.training.data.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The training choices of the command line ({@code --l1}, {@code --loss}, {@code --gru-units},
 * {@code --gru-layers}, {@code --cnn-filters}, {@code --kernel}, {@code --pool}): each reaches the
 * network, the exported ONNX graph and the model card, and each exported package scores the
 * validation rows through ONNX Runtime (the plugin's session) as DJL did, within 1e-5. A few
 * epochs on the committed slices; the numbers are not meant to be good models.
 */
class TrainingChoicesTest {

    private static final double PARITY = 1e-5;
    private static final String TAIWAN_TARGET = "default_payment_next_month";

    @TempDir
    Path dir;

    @Test
    void twoStackedGruLayersOf64UnitsAreTrainedExportedAndRecorded() throws IOException {
        Path pkg = dir.resolve("models/taiwan-gru/0.1.0");
        Cli result = Cli.run("train", "--data", taiwan(), "--target", TAIWAN_TARGET, "--bad", "1", "--arch", "gru",
                "--gru-layers", "2", "--gru-units", "64", "--epochs", "2", "--folds", "0", "--name", "taiwan-gru",
                "--version", "0.1.0", "--out", pkg.toString());
        assertEquals(0, result.exitCode(), result.err() + result.out());
        ModelCard card = assertParityAndLoads(pkg);
        assertEquals("64", card.properties().get("gru_units"));
        assertEquals("2", card.properties().get("gru_layers"));
        assertTrue(card.properties().get("command").contains("--gru-layers 2 --gru-units 64"), card.properties().toString());

        List<OnnxMl.NodeProto> grus = nodes(pkg, "GRU");
        assertEquals(2, grus.size(), "one ONNX GRU node per layer");
        for (OnnxMl.NodeProto gru : grus) {
            assertEquals(64, attribute(gru, "hidden_size").getI());
        }
    }

    @Test
    void cnnWithOtherFiltersKernelAndPoolIsTrainedExportedAndRecorded() throws IOException {
        Path pkg = dir.resolve("models/taiwan-cnn/0.1.0");
        Cli result = Cli.run("train", "--data", taiwan(), "--target", TAIWAN_TARGET, "--bad", "1", "--arch", "cnn",
                "--cnn-filters", "12", "--kernel", "2", "--pool", "3", "--epochs", "2", "--folds", "0",
                "--name", "taiwan-cnn", "--version", "0.1.0", "--out", pkg.toString());
        assertEquals(0, result.exitCode(), result.err() + result.out());
        ModelCard card = assertParityAndLoads(pkg);
        assertEquals("12", card.properties().get("cnn_filters"));
        assertEquals("2", card.properties().get("cnn_kernel"));
        assertEquals("3", card.properties().get("cnn_pool"));

        OnnxMl.NodeProto conv = nodes(pkg, "Conv").get(0);
        assertEquals(List.of(2L), attribute(conv, "kernel_shape").getIntsList());
        OnnxMl.TensorProto weight = initializer(pkg, conv.getInput(1));
        assertEquals(List.of(12L, 3L, 2L), weight.getDimsList(), "filters x channels x kernel");
        OnnxMl.NodeProto pool = nodes(pkg, "MaxPool").get(0);
        assertEquals(List.of(3L), attribute(pool, "kernel_shape").getIntsList());
        assertEquals(List.of(3L), attribute(pool, "strides").getIntsList());
    }

    @ParameterizedTest(name = "--loss {0}")
    @CsvSource({"bce, 1, Sigmoid", "mse, 1, Sigmoid", "softmax, 2, Softmax"})
    void everyLossIsTrainedExportedAndRecorded(String loss, int units, String activation) throws IOException {
        Path pkg = dir.resolve("models/credit-default/1.0.0");
        Cli result = Cli.run("train", "--data", german(), "--target", "class", "--bad", "2", "--loss", loss,
                "--l1", "0.001", "--epochs", "3", "--folds", "0", "--seed", "5", "--out", pkg.toString());
        assertEquals(0, result.exitCode(), result.err() + result.out());
        ModelCard card = assertParityAndLoads(pkg);
        assertEquals(loss, card.properties().get("loss"));
        assertEquals(Integer.toString(units), card.properties().get("output_units"));
        assertEquals("0.001", card.properties().get("l1"));
        assertEquals(units - 1, card.output().index(), "the bad class is the last output unit");

        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(pkg.resolve("model.onnx")));
        OnnxMl.TensorShapeProto shape = model.getGraph().getOutput(0).getType().getTensorType().getShape();
        assertEquals(units, shape.getDim(1).getDimValue());
        assertEquals(1, nodes(pkg, activation).size());

        Path scores = dir.resolve("scores.csv");
        Cli scored = Cli.run("score", "--model", pkg.toString(), "--data", german(), "--out", scores.toString());
        assertEquals(0, scored.exitCode(), scored.err());
        assertTrue(scored.out().contains("scored 200 of 200 rows"), scored.out());
    }

    @Test
    void compareTakesTheSameChoicesForEachArchitecture() throws IOException {
        Path out = dir.resolve("cmp");
        Cli result = Cli.run("compare", "--data", taiwan(), "--target", TAIWAN_TARGET, "--bad", "1",
                "--arch", "gru,cnn", "--baselines", "none", "--folds", "2", "--epochs", "1",
                "--gru-units", "8", "--gru-layers", "2", "--cnn-filters", "4", "--kernel", "4", "--pool", "1",
                "--loss", "softmax", "--l1", "0.0001", "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err() + result.out());
        assertTrue(result.out().contains("network: {arch=gru, loss=softmax, output_units=2,"), result.out());
        assertTrue(result.out().contains("gru_units=8, gru_layers=2,"), result.out());
        assertTrue(result.out().contains("cnn_filters=4, cnn_kernel=4, cnn_pool=1,"), result.out());
        assertTrue(result.out().contains("l1=1.0E-4"), result.out());
        String md = Files.readString(out.resolve("comparison.md"));
        assertTrue(md.contains("| gru | ") && md.contains("| cnn | "), md);
        assertTrue(md.contains("--gru-units 8 --gru-layers 2"), "the command is in the comparison: " + md);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "train --arch gru --gru-units 0 | --gru-units must be >= 1, was 0",
        "train --arch gru --gru-layers 0 | --gru-layers must be >= 1, was 0",
        "train --arch cnn --cnn-filters 0 | --cnn-filters must be >= 1, was 0",
        "train --arch cnn --kernel 7 | --kernel 7 is longer than sequence 'history' of 6 steps; expected --kernel 1..6",
        "train --arch cnn --kernel 3 --pool 5 | --pool 5 is wider than the 4 position(s) that --kernel 3 leaves of sequence 'history' of 6 steps; expected --pool 1..4",
        "train --arch cnn --pool 0 | --pool must be >= 1, was 0",
        "train --loss hinge | --loss 'hinge' is not one of bce, mse, softmax",
        "train --l1 -0.1 | --l1 must be a finite number >= 0, was -0.1",
        "train --arch mlp --gru-units 64 | --gru-units applies to --arch gru only; this run trains [mlp]",
        "train --arch gru --kernel 2 --pool 1 | --kernel, --pool apply to --arch cnn only; this run trains [gru]",
        "compare --arch mlp,gru --kernel 9 | --kernel applies to --arch cnn only; this run trains [mlp, gru]",
        "compare --arch cnn --kernel 6 | --pool 2 is wider than the 1 position(s) that --kernel 6 leaves",
    })
    void badChoicesAreRefusedNamingTheFlag(String args, String message) {
        List<String> argv = new ArrayList<>(List.of(args.trim().split(" ")));
        argv.addAll(List.of("--data", taiwan(), "--target", TAIWAN_TARGET, "--bad", "1", "--out", dir.resolve("m").toString()));
        Cli result = Cli.run(argv.toArray(String[]::new));
        assertEquals(2, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().contains("error: " + message.trim()), result.err());
        assertTrue(!Files.exists(dir.resolve("m")), "nothing is written for a refused run");
    }

    @Test
    void helpOfTrainAndCompareListsEveryChoice() {
        for (String command : List.of("train", "compare")) {
            Cli result = Cli.run(command, "--help");
            assertEquals(0, result.exitCode(), result.err());
            for (String flag : List.of("--l1", "--loss", "--gru-units", "--gru-layers", "--cnn-filters", "--kernel",
                    "--pool")) {
                assertTrue(result.out().contains(flag), command + " --help lacks " + flag + ": " + result.out());
            }
        }
    }

    /** The package loads in the plugin's registry and its ONNX Runtime scores matched DJL's within 1e-5. */
    private static ModelCard assertParityAndLoads(Path pkg) {
        ModelCard card = ModelCards.read(pkg.resolve("model-card.json"));
        double parity = card.metrics().get("onnx_djl_max_abs_diff");
        assertTrue(parity <= PARITY, "ONNX Runtime vs DJL max |difference| " + parity);
        try (ModelRegistry registry = new ModelRegistry(new OnnxRuntimeHost(ExecutionProviderPolicy.CPU))) {
            registry.loadPackage(pkg);
        }
        return card;
    }

    private static List<OnnxMl.NodeProto> nodes(Path pkg, String op) throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(pkg.resolve("model.onnx")));
        return model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).toList();
    }

    private static OnnxMl.TensorProto initializer(Path pkg, String name) throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(pkg.resolve("model.onnx")));
        return model.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no initializer " + name));
    }

    private static OnnxMl.AttributeProto attribute(OnnxMl.NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(node.getOpType() + " has no attribute " + name));
    }

    private static String taiwan() {
        return TestFiles.resource("taiwan-credit-default-sample.csv").toString();
    }

    private static String german() {
        return TestFiles.resource("german-credit-sample.csv").toString();
    }
}

package io.credence.training.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.card.FeatureSpec;
import io.credence.plugin.card.ModelCard;
import io.credence.plugin.testing.ModelPackages;
import io.credence.plugin.testing.TestOnnxModels;
import io.credence.training.data.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCommandTest {

    @TempDir
    Path dir;

    private Path logisticPackage() {
        ModelCard card = ModelPackages.card("toy", "1.0.0", List.of(
                FeatureSpec.numeric("income", 10, 5),
                FeatureSpec.categorical("home", List.of("own", "rent"))));
        byte[] onnx = TestOnnxModels.logistic("features", new float[] {1f, 0.5f, -0.5f}, 0.2f, "probability",
                Map.of());
        return ModelPackages.write(dir.resolve("models"), card, onnx);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void writesAScorePerRowInInputOrderAndAnErrorForRowsItCannotScore() throws IOException {
        Path model = logisticPackage();
        Path data = TestFiles.write(dir, "apps.csv", String.join("\n",
                "id,income,home,comment",
                "a1,15,own,ignored column",
                "a2,abc,rent,x",
                "a3,10,castle,x",
                "a4,5",
                "a5,,own,x",
                "a6,10,rent,x", ""));
        Path out = dir.resolve("scores.csv");
        Cli result = Cli.run("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("scored 2 of 6 rows with toy@1.0.0 (4 could not be scored)"), result.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals("id,row,score,error", lines.get(0));
        assertEquals(7, lines.size());
        String[] first = lines.get(1).split(",", 4);
        assertEquals("a1", first[0]);
        assertEquals("1", first[1]);
        assertEquals(sigmoid(1.0 * 1 + 0.5 * 1 + 0.2), Double.parseDouble(first[2]), 1e-6);
        assertEquals("", first[3]);
        assertTrue(lines.get(2).startsWith("a2,2,,") && lines.get(2).contains("feature 'income': got \"\"abc\"\", expected a number"),
                lines.get(2));
        assertTrue(lines.get(3).startsWith("a3,3,,") && lines.get(3).contains("expected one of [own, rent]"), lines.get(3));
        assertTrue(lines.get(4).startsWith("a4,4,,") && lines.get(4).contains("line 5 has 2 cells, the header has 4"), lines.get(4));
        assertTrue(lines.get(5).startsWith("a5,5,,") && lines.get(5).contains("feature 'income': got null"), lines.get(5));
        assertEquals(sigmoid(-0.5 + 0.2), Double.parseDouble(lines.get(6).split(",")[2]), 1e-6);
    }

    @Test
    void aCardUnderBusinessNamesScoresTheDataSetsCodedFileAndABusinessFileAlike() throws IOException {
        ModelCard plain = ModelPackages.card("toy", "1.0.0", List.of(
                FeatureSpec.numeric("income", 10, 5),
                FeatureSpec.categorical("home", List.of("OWN", "RENT"))));
        // What training writes for "home" read from the data set's column "HOME_CODE" (H1 = OWN, H2 = RENT).
        Map<String, String> properties = new java.util.HashMap<>(plain.properties());
        properties.put("csv.column.home", "HOME_CODE");
        properties.put("csv.codes.home", "H1=OWN,H2=RENT");
        ModelCard card = new ModelCard(plain.format(), plain.name(), plain.version(), plain.onnxSha256(), plain.createdAt(),
                plain.description(), plain.inputs(), plain.output(), plain.trainingData(), plain.metrics(), properties,
                plain.reference(), plain.distributions());
        byte[] onnx = TestOnnxModels.logistic("features", new float[] {1f, 0.5f, -0.5f}, 0.2f, "probability", Map.of());
        Path model = ModelPackages.write(dir.resolve("business"), card, onnx);
        Path coded = TestFiles.write(dir, "coded.csv", "income,HOME_CODE\n15,H1\n10,H2\n10,H9\n");
        Path business = TestFiles.write(dir, "business.csv", "income,home\n15,OWN\n10,RENT\n10,CASTLE\n");
        for (Path data : List.of(coded, business)) {
            Path out = dir.resolve(data.getFileName() + ".scores");
            Cli result = Cli.run("score", "--model", model.toString(), "--data", data.toString(), "--out", out.toString());
            assertEquals(0, result.exitCode(), result.err());
            List<String> lines = Files.readAllLines(out);
            assertEquals(sigmoid(1.0 * 1 + 0.5 + 0.2), Double.parseDouble(lines.get(1).split(",")[1]), 1e-6, data.toString());
            assertEquals(sigmoid(-0.5 + 0.2), Double.parseDouble(lines.get(2).split(",")[1]), 1e-6, data.toString());
            assertTrue(lines.get(3).contains("expected one of [OWN, RENT]"), data + ": " + lines.get(3));
        }
    }

    @Test
    void refusesAPackageWhoseOnnxFileWasChanged() throws IOException {
        Path model = logisticPackage();
        Files.write(model.resolve("model.onnx"), TestOnnxModels.logistic("features", new float[] {0f, 0f, 0f}, 0f,
                "probability", Map.of()));
        Path data = TestFiles.write(dir, "apps.csv", "income,home\n1,own\n");
        Cli result = Cli.run("score", "--model", model.toString(), "--data", data.toString(), "--out",
                dir.resolve("s.csv").toString());
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("model.onnx: SHA-256 is") && result.err().contains("but the card expects"), result.err());
    }
}

package io.credence.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetSchemasTest {

    @ParameterizedTest
    @ValueSource(strings = {"german-credit", "german-credit-numeric", "taiwan-credit-default", "give-me-some-credit",
        "hmeq", "australian-credit"})
    void everyBundledSchemaParsesAndNamesItself(String name) {
        DatasetSchema schema = DatasetSchemas.bundled(name).orElseThrow();
        assertEquals(name, schema.name());
        assertTrue(schema.target() != null && schema.target().bad() != null);
        assertEquals(schema, DatasetSchemas.parse(DatasetSchemas.toJson(schema), "round trip"));
    }

    @Test
    void bundledSchemaIsFoundByFileNameOrFolder() {
        assertEquals("german-credit", DatasetSchemas.bundledFor(Path.of("/x/german-credit-train.csv")).orElseThrow().name());
        assertEquals("give-me-some-credit",
                DatasetSchemas.bundledFor(Path.of("/x/give-me-some-credit/cs-training.csv")).orElseThrow().name());
        assertTrue(DatasetSchemas.bundledFor(Path.of("/x/other/loans.csv")).isEmpty());
    }

    @Test
    void invalidSchemaNamesThePathAndTheProblem() {
        DataException e = assertThrows(DataException.class, () -> DatasetSchemas.parse(
                "{\"name\":\"x\",\"features\":[{\"name\":\"a\",\"type\":\"ordinal\"}]}", "x.json"));
        assertTrue(e.getMessage().contains("x.json: invalid schema at 'features[0]': column 'a': an ordinal column needs levels"),
                e.getMessage());
        DataException unknownType = assertThrows(DataException.class, () -> DatasetSchemas.parse(
                "{\"name\":\"x\",\"features\":[{\"name\":\"a\",\"type\":\"text\"}]}", "x.json"));
        assertTrue(unknownType.getMessage().contains("unknown column type 'text'"), unknownType.getMessage());
    }

    @Test
    void sequenceChannelMustListOneColumnPerStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DatasetSchema.SequenceInput(
                "h", 3, List.of(new DatasetSchema.Channel("c", List.of("a", "b"), null, null))));
        assertTrue(e.getMessage().contains("channel 'c' lists 2 columns, expected 3"), e.getMessage());
    }
}

package io.credence.plugin.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.plugin.testing.ModelPackages;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCardsTest {

    private final ModelCard card = ModelPackages.card("credit-default", "1.2.0", List.of(
            FeatureSpec.numeric("age_years", 35, 11).withRange(new ValueRange(18, 100, null)),
            FeatureSpec.categorical("housing", List.of("A151", "A152", "A153"))
                    .withMissing(new MissingValue(MissingValue.Policy.impute, "A152", true))));

    @Test
    void roundTripsThroughJson() {
        String json = ModelCards.toJson(card);
        assertEquals(card, ModelCards.parse(json, "test"));
        assertTrue(json.contains("\"format\" : \"credence-model-card/1\""), json);
    }

    @Test
    void refusesUnknownFieldsNamingThePath() {
        String json = ModelCards.toJson(card).replace("\"name\" : \"age_years\"", "\"name\" : \"age_years\", \"scale\" : 3");
        InvalidModelCardException ex = assertThrows(InvalidModelCardException.class, () -> ModelCards.parse(json, "card.json"));
        assertTrue(ex.getMessage().startsWith("card.json: at 'inputs[0].features[0]"), ex.getMessage());
        assertTrue(ex.getMessage().contains("scale"), ex.getMessage());
    }

    @Test
    void refusesAnotherFormatVersion() {
        String json = ModelCards.toJson(card).replace("credence-model-card/1", "credence-model-card/9");
        InvalidModelCardException ex = assertThrows(InvalidModelCardException.class, () -> ModelCards.parse(json, "card.json"));
        assertTrue(ex.getMessage().contains("format must be 'credence-model-card/1'"), ex.getMessage());
    }

    @Test
    void refusesAnImputedCodeOutsideTheVocabulary() {
        String json = ModelCards.toJson(card).replace("\"value\" : \"A152\"", "\"value\" : \"A999\"");
        InvalidModelCardException ex = assertThrows(InvalidModelCardException.class, () -> ModelCards.parse(json, "card.json"));
        assertTrue(ex.getMessage().contains("missing.value 'A999' is not in the vocabulary"), ex.getMessage());
    }

    @Test
    void schemaDigestChangesWithTheEncoding() {
        ModelCard rescaled = ModelPackages.card("credit-default", "1.2.0", List.of(
                FeatureSpec.numeric("age_years", 36, 11).withRange(new ValueRange(18, 100, null)),
                card.allFeatures().get(1)));
        assertEquals(card.featureSchemaDigest(), ModelCards.parse(ModelCards.toJson(card), "x").featureSchemaDigest());
        assertNotEquals(card.featureSchemaDigest(), rescaled.featureSchemaDigest());
    }
}

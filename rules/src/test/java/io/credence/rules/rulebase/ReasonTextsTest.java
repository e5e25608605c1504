package io.credence.rules.rulebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReasonTextsTest {

    private final ReasonTexts texts = ReasonTexts.of(Map.of(
            "KO_DEBT_TO_INCOME", "Debt payments would be {value:percent} of income; the limit is {lower:percent}.",
            "REFER_AMOUNT", "{value:amount} asked, above {lower:amount}",
            "PLAIN", "No placeholder here.",
            "ADJACENT", "{a}{b:percent}",
            "MODEL", "Model {model} scored {value}"), "reason-codes.csv");

    @Test
    void placeholdersAreFilledWithTheirFormatsWhereverTheyStand() {
        assertEquals("Debt payments would be 47.5 % of income; the limit is 45 %.",
                texts.fill("KO_DEBT_TO_INCOME", Map.of("value", 0.475, "lower", 0.45)));
        assertEquals("50,000.5 asked, above 40,000", texts.fill("REFER_AMOUNT", Map.of("value", 50000.5, "lower", 40000)));
        assertEquals("No placeholder here.", texts.fill("PLAIN", Map.of()));
        assertEquals("312.5 %", texts.fill("ADJACENT", Map.of("a", 3, "b", 0.125)));
        assertEquals("Model credit-default scored 0.25", texts.fill("MODEL", Map.of("model", "credit-default", "value", 0.25)));
    }

    @Test
    void valuesThatLookLikeRegexReplacementsStayLiteral() {
        assertEquals("Model $1 \\g scored not a number", texts.fill("MODEL", Map.of("model", "$1 \\g", "value", Double.NaN)));
    }

    @Test
    void aMissingValueOrAnUnknownCodeNamesWhatIsMissing() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> texts.fill("KO_DEBT_TO_INCOME", Map.of("value", 0.5)));
        assertTrue(missing.getMessage().contains("placeholder {lower}") && missing.getMessage().contains("[value]"),
                missing.getMessage());
        IllegalStateException unknown = assertThrows(IllegalStateException.class, () -> texts.fill("NOPE", Map.of()));
        assertTrue(unknown.getMessage().contains("reason code NOPE has no text in reason-codes.csv"), unknown.getMessage());
    }
}

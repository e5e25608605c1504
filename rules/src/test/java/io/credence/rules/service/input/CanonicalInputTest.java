package io.credence.rules.service.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The canonical text is the input of every stored idempotency key: a retry after an upgrade is
 * recognised only when the text of the same input is the same, so these pin it.
 */
class CanonicalInputTest {

    private final ApplicationReader reader = new ApplicationReader(ApplicationSchema.load());

    private String canonical(String json) {
        return CanonicalInput.of(reader.parse(json));
    }

    @Test
    void sortsKeysAtEveryLevelAndKeepsArrayOrder() {
        assertEquals("{\"a\":[3,1,{\"x\":null,\"y\":true}],\"b\":\"t\"}",
                canonical("{ \"b\": \"t\", \"a\": [3, 1, {\"y\": true, \"x\": null}] }"));
    }

    @Test
    void writesANumberAsItsExactDecimalValueWithoutTrailingZeros() {
        assertEquals("{\"n\":[1,1,1,0,0,0,2.5,-7,1E+2,1E+2,1.234567890123456789E+19,1.5E-7,123,-45]}",
                canonical("{\"n\": [1, 1.0, 1e0, 0, -0.0, 0.00, 2.50, -7, 100, 1e2, 12345678901234567890, 0.00000015,"
                        + " 123, -45]}"));
    }

    @Test
    void writesStringsAndKeysExactlyAsJacksonDoes() {
        Random random = new Random(17);
        StringBuilder corpus = new StringBuilder();
        for (int c = 0; c < 0x80; c++) {
            corpus.append((char) c);
        }
        String[] fixed = {"", "plain", "a\"b\\c/d", "é€\u2028\u2029", "\uD83D\uDE00", corpus.toString(), "\u007f\u0080\u00ff"};
        for (String s : fixed) {
            assertSameAsJackson(s);
        }
        for (int i = 0; i < 2_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                int kind = random.nextInt(4);
                s.append(kind == 0 ? (char) random.nextInt(0x20) : kind == 1 ? "\"\\/".charAt(random.nextInt(3))
                        : kind == 2 ? (char) (0x20 + random.nextInt(0x60)) : (char) (0x80 + random.nextInt(0x3000)));
            }
            assertSameAsJackson(s.toString());
        }
    }

    private static void assertSameAsJackson(String s) {
        JsonNode value = JsonNodeFactory.instance.stringNode(s);
        String jackson = value.toString();
        assertEquals(jackson, CanonicalInput.of(value), "value " + jackson);
        assertEquals("{" + jackson + ":1}", CanonicalInput.of(JsonNodeFactory.instance.objectNode().put(s, 1)),
                "key " + jackson);
    }
}

package io.credence.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.credence.rules.decision.ScoreSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void sortsKeysAndWritesNoWhiteSpace() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", List.of(1, "x"));
        map.put("a", null);
        map.put("B", true);
        assertEquals("{\"B\":true,\"a\":null,\"b\":[1,\"x\"]}", CanonicalJson.write(map));
    }

    @Test
    void writesAnyInsertionOrderAsTheSortedOrder() {
        java.util.Random random = new java.util.Random(5);
        for (int round = 0; round < 500; round++) {
            List<String> keys = new java.util.ArrayList<>();
            int size = random.nextInt(70);
            for (int i = 0; i < size; i++) {
                keys.add(random.nextInt(3) == 0 ? "k" + random.nextInt(100) : String.valueOf((char) ('A' + random.nextInt(58)))
                        + (char) (0xe0 + random.nextInt(40)) + i);
            }
            java.util.Collections.shuffle(keys, random);
            Map<String, Object> inserted = new LinkedHashMap<>();
            keys.forEach(k -> inserted.put(k, random.nextBoolean() ? random.nextDouble() : List.of(k, random.nextInt())));
            // A TreeMap iterates in key order: what the writer must produce from any order.
            assertEquals(CanonicalJson.write(new java.util.TreeMap<>(inserted)), CanonicalJson.write(inserted));
            StringBuilder expected = new StringBuilder("{");
            new java.util.TreeMap<>(inserted).forEach((k, v) -> expected.append(expected.length() > 1 ? "," : "")
                    .append(CanonicalJson.write(k)).append(':').append(CanonicalJson.write(v)));
            assertEquals(expected.append('}').toString(), CanonicalJson.write(inserted));
        }
    }

    @Test
    void escapesOnlyQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001é€/\"", CanonicalJson.write("a\"b\\c\n\u0001é€/"));
        assertEquals("\"\\u001fplain\\t\"", CanonicalJson.write("\u001fplain\t"), "escapes at the ends of a string");
        assertEquals("\"\"", CanonicalJson.write(""));
    }

    @Test
    void readsBackWhatItWrites() {
        String text = "{\"a\":[1.5E-7,-2,\"\\u00e9\\n\"],\"b\":{\"c\":false}}";
        assertEquals("{\"a\":[1.5E-7,-2,\"é\\n\"],\"b\":{\"c\":false}}", CanonicalJson.write(CanonicalJson.parse(text)));
    }

    @Test
    void rejectsMalformedJsonNamingTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CanonicalJson.parse("{\"a\":}"));
        assertEquals("invalid JSON at offset 5: expected a value", e.getMessage());
    }

    @Test
    void keepsNonFiniteScoresAsStrings() {
        AuditEntry entry = new AuditEntry("d-1", "a-1", "rest", null, AuditFixtures.DAY_ONE, null,
                AuditEntry.Status.FAILED, null, null,
                List.of(new ScoreSummary("m", "1", null, null, Double.NaN, "no score", Map.of("f", Float.POSITIVE_INFINITY))),
                Map.of("c", Double.NEGATIVE_INFINITY), null, null, null);

        RecordDocument doc = RecordDocument.of(1, entry, RecordDocument.GENESIS_HASH);
        RecordDocument back = RecordDocument.parse(doc.json());
        RecordDocument one = RecordDocument.prepareFormatOne(entry).chain(1, RecordDocument.GENESIS_HASH).document();

        assertEquals(entry, PersonalData.of(entry).restore(back.entry()), "format 2: the features are personal data");
        assertEquals(doc.hash(), RecordDocument.sha256(back.json()));
        assertEquals(entry, RecordDocument.parse(one.json()).entry(), "format 1 keeps them in the record");
    }

    @Test
    void hashesTheDocumentTextItself() {
        RecordDocument doc = RecordDocument.of(3, AuditFixtures.decided(3, "APPROVE", "1.0.0"), "f".repeat(64));
        assertEquals(RecordDocument.sha256(doc.json()), doc.hash());
        assertEquals(true, doc.json().startsWith("{\"decision\":{\"applicationId\":\"app-3\""));
        assertEquals(true, doc.json().endsWith(",\"format\":2,\"personalDataCommitment\":\"" + doc.personalDataCommitment()
                + "\",\"previousHash\":\"" + "f".repeat(64) + "\",\"sequence\":3}"));
    }
}

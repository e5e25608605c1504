package io.credence.rules.audit;

import io.credence.plugin.explain.FeatureAttribution;
import io.credence.rules.audit.CanonicalJson.JsonNumber;
import io.credence.rules.decision.Reason;
import io.credence.rules.decision.ScoreSummary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The applicant's personal data of one record, kept in {@code audit_personal} apart from the
 * hashed record (format 2), which commits to it with a salted hash. Erasing it deletes the data
 * and the salt, so the commitment can no longer be tested against a guess.
 *
 * <pre>{@code
 * PersonalData personal = PersonalData.of(entry);            // what is personal in the entry
 * AuditEntry kept = PersonalData.withoutPersonal(entry);      // what the hashed record holds
 * byte[] salt = PersonalData.newSalt();
 * String commitment = personal.commitment(salt);              // SHA-256(salt || UTF-8 of json)
 * AuditEntry whole = personal.restore(kept);                  // the entry as it was appended
 * }</pre>
 *
 * <p>Personal, field by field (docs/audit.md, "Record content"): the raw input; every
 * attribution's applicant value ({@code value}; the reference value is a population statistic and
 * stays in the record); every score's encoded features, names and values (a one-hot name such
 * as {@code purpose=car} is the applicant's answer); every reason's and principal reason's text
 * (a policy text may quote the applicant's figures, e.g. the debt-to-income ratio; the code,
 * outcome and rule stay); and every error text (a violation names the offending value and may
 * name a field the input made up; a failure may quote the input). The record keeps the number of
 * errors.
 *
 * @param json the canonical JSON text
 *             {@code {"attributionValues":[…],"encodedFeatures":[…],"errors":[…],"principalReasonTexts":[…],"rawInput":…,"reasonTexts":[…]}}
 */
record PersonalData(String json) {

    /** What a personal text reads as once it was erased (a reason's text, an error). */
    static final String ERASED = "(erased)";
    /** Bytes of a record's salt. */
    static final int SALT_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    PersonalData {
        if (json == null || json.isEmpty()) {
            throw new IllegalArgumentException("personal data is a JSON document, was " + (json == null ? "null" : "empty"));
        }
    }

    /** The personal part of an entry. */
    static PersonalData of(AuditEntry e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("rawInput", e.rawInput());
        List<Object> values = new ArrayList<>();
        for (FeatureAttribution a : e.attributions()) {
            values.add(a.value() == null ? null : String.valueOf(a.value()));
        }
        doc.put("attributionValues", values);
        List<Object> features = new ArrayList<>();
        for (ScoreSummary s : e.scores()) {
            if (s.encodedFeatures() == null) {
                features.add(null);
            } else {
                Map<String, Object> f = new LinkedHashMap<>();
                s.encodedFeatures().forEach((k, v) -> f.put(k, v == null || Float.isFinite(v) ? v : v.toString()));
                features.add(f);
            }
        }
        doc.put("encodedFeatures", features);
        doc.put("reasonTexts", e.reasons().stream().map(Reason::text).toList());
        doc.put("principalReasonTexts", e.principalReasons().stream().map(Reason::text).toList());
        doc.put("errors", e.errors());
        return new PersonalData(CanonicalJson.write(doc));
    }

    /** The entry without its personal data: what a format-2 record hashes (texts read {@link #ERASED}). */
    static AuditEntry withoutPersonal(AuditEntry e) {
        List<FeatureAttribution> attributions = e.attributions().stream().map(a -> new FeatureAttribution(a.feature(),
                a.description(), null, a.referenceValue(), a.contribution(), a.error())).toList();
        List<ScoreSummary> scores = e.scores().stream().map(s -> s.withEncodedFeatures(null)).toList();
        List<String> errors = e.errors().stream().map(x -> ERASED).toList();
        return e.withPersonal(null, erasedTexts(e.reasons()), scores, errors, erasedTexts(e.principalReasons()),
                attributions);
    }

    private static List<Reason> erasedTexts(List<Reason> reasons) {
        return reasons.stream().map(r -> new Reason(r.code(), ERASED, r.outcome(), r.rule())).toList();
    }

    /**
     * The entry as appended: {@code kept} (read from a format-2 record) with this personal data put back.
     *
     * @throws IllegalArgumentException when this data does not fit the record (another record's, or damaged)
     */
    @SuppressWarnings("unchecked")
    AuditEntry restore(AuditEntry kept) {
        Map<String, Object> doc;
        try {
            doc = (Map<String, Object>) CanonicalJson.parse(json);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("the personal data of decision " + kept.decisionId() + " is not a JSON object");
        }
        List<Object> values = list(doc, "attributionValues", kept.attributions().size(), kept);
        List<FeatureAttribution> attributions = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            FeatureAttribution a = kept.attributions().get(i);
            attributions.add(new FeatureAttribution(a.feature(), a.description(), values.get(i), a.referenceValue(),
                    a.contribution(), a.error()));
        }
        List<Object> features = list(doc, "encodedFeatures", kept.scores().size(), kept);
        List<ScoreSummary> scores = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            ScoreSummary s = kept.scores().get(i);
            Map<String, Float> encoded = null;
            if (features.get(i) != null) {
                encoded = new LinkedHashMap<>();
                for (Map.Entry<String, Object> f : ((Map<String, Object>) features.get(i)).entrySet()) {
                    Object v = f.getValue();
                    encoded.put(f.getKey(), v == null ? null : v instanceof JsonNumber n ? n.asFloat() : Float.valueOf((String) v));
                }
            }
            scores.add(s.withEncodedFeatures(encoded));
        }
        List<Reason> reasons = texts(kept.reasons(), list(doc, "reasonTexts", kept.reasons().size(), kept));
        List<Reason> principal = texts(kept.principalReasons(),
                list(doc, "principalReasonTexts", kept.principalReasons().size(), kept));
        List<String> errors = (List<String>) (List<?>) list(doc, "errors", kept.errors().size(), kept);
        return kept.withPersonal((String) doc.get("rawInput"), reasons, scores, errors, principal, attributions);
    }

    private static List<Reason> texts(List<Reason> kept, List<Object> texts) {
        List<Reason> out = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            Reason r = kept.get(i);
            out.add(new Reason(r.code(), (String) texts.get(i), r.outcome(), r.rule()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> doc, String name, int size, AuditEntry kept) {
        Object value = doc.get(name);
        if (!(value instanceof List<?> list) || list.size() != size) {
            throw new IllegalArgumentException("the personal data of decision " + kept.decisionId() + " does not fit its"
                    + " record: " + name + " should hold " + size + " values");
        }
        return (List<Object>) list;
    }

    /** The commitment a format-2 record keeps: SHA-256 over the salt and the UTF-8 bytes of the text, hex. */
    String commitment(byte[] salt) {
        if (salt == null || salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("a personal-data salt has " + SALT_BYTES + " bytes");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** A fresh random salt, one per record. */
    static byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return salt;
    }
}

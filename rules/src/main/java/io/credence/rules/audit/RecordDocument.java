package io.credence.rules.audit;

import io.credence.rules.audit.CanonicalJson.JsonNumber;
import io.credence.rules.decision.Outcome;
import io.credence.plugin.explain.ExplanationMethod;
import io.credence.plugin.explain.FeatureAttribution;
import io.credence.rules.decision.ExplanationSummary;
import io.credence.rules.decision.Reason;
import io.credence.rules.decision.RuleBaseVersion;
import io.credence.rules.decision.ScoreSummary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hashed form of an audit record: one canonical JSON document whose SHA-256 (lower-case hex,
 * over its UTF-8 bytes) is the record hash. Two layouts, told apart by {@code format}:
 * <pre>
 * format 1: {"decision":{...},"format":1,"inputSha256":"…","previousHash":"…","sequence":7}
 * format 2: {"decision":{...},"format":2,"personalDataCommitment":"…"|null,"previousHash":"…","sequence":7}
 * </pre>
 * New records are format 2: the applicant's personal data ({@link PersonalData}) is not in the
 * document at all, only a salted commitment to it, so that erasing the data and its salt leaves
 * nothing in the chain that a guess could be tested against. Format-1 records (written before)
 * hold everything but the raw input, and an unsalted SHA-256 of it; they are read and verified as
 * they always were and never rewritten. See {@code docs/audit.md} for the field list.
 *
 * @param sequence               position in the chain
 * @param format                 {@value #FORMAT_1} or {@value #FORMAT}
 * @param entry                  the content as hashed (rawInput always null here; for format 2 without the
 *                               personal data: texts read {@link PersonalData#ERASED})
 * @param inputSha256            format 1: SHA-256 of the raw input; format 2: null
 * @param personalDataCommitment format 2: SHA-256(salt || personal data), null when the record has none
 *                               (an erasure record); format 1: null
 * @param previousHash           hash of the previous record
 * @param json                   the canonical JSON text
 */
record RecordDocument(long sequence, int format, AuditEntry entry, String inputSha256, String personalDataCommitment,
                      String previousHash, String json) {

    /** The previous hash of the first record. */
    static final String GENESIS_HASH = "0".repeat(64);
    /** The layout before personal data was kept apart: the record holds all but the raw input. */
    static final int FORMAT_1 = 1;
    /** The layout new records are written in; a new layout gets a new number, old records keep theirs. */
    static final int FORMAT = 2;

    /** Builds the document of a new record. */
    static RecordDocument of(long sequence, AuditEntry entry, String previousHash) {
        return prepare(entry).chain(sequence, previousHash).document();
    }

    /**
     * The document as {@link CanonicalJson} writes the whole map: kept to show that the prepared
     * form ({@link #prepare}) writes the same text.
     */
    static String canonicalText(long sequence, AuditEntry entry, String previousHash, String personalDataCommitment) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("sequence", sequence);
        doc.put("personalDataCommitment", personalDataCommitment);
        doc.put("previousHash", previousHash);
        doc.put("decision", decision(entry, FORMAT));
        return CanonicalJson.write(doc);
    }

    /** The format-1 document, as the releases before format 2 wrote it (for tests of old stores). */
    static String canonicalTextFormatOne(long sequence, AuditEntry entry, String previousHash) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT_1);
        doc.put("sequence", sequence);
        doc.put("inputSha256", sha256(entry.rawInput() == null ? "" : entry.rawInput()));
        doc.put("previousHash", previousHash);
        doc.put("decision", decision(entry, FORMAT_1));
        return CanonicalJson.write(doc);
    }

    /**
     * Everything of a new record's document that does not depend on its place in the chain, made
     * by the appending thread before the record is queued: the personal data apart with its fresh
     * salt, the canonical text up to the previous hash (keys sort as decision, format,
     * personalDataCommitment, previousHash, sequence) and the SHA-256 state over it. The single
     * writer then only appends the previous hash and the sequence, and finishes the hash from a
     * copy of that state.
     */
    static Prepared prepare(AuditEntry entry) {
        PersonalData personal = null;
        byte[] salt = null;
        String commitment = null;
        if (entry.status() != AuditEntry.Status.ERASURE) {
            personal = PersonalData.of(entry);
            salt = PersonalData.newSalt();
            commitment = personal.commitment(salt);
        }
        String prefix = "{\"decision\":" + CanonicalJson.write(decision(entry, FORMAT)) + ",\"format\":" + FORMAT
                + ",\"personalDataCommitment\":" + CanonicalJson.write(commitment) + ",\"previousHash\":";
        return new Prepared(PersonalData.withoutPersonal(entry), FORMAT, null, commitment, personal, salt, prefix);
    }

    /** A format-1 record, as the releases before format 2 prepared it; only tests write these now. */
    static Prepared prepareFormatOne(AuditEntry entry) {
        String inputSha256 = sha256(entry.rawInput() == null ? "" : entry.rawInput());
        String prefix = "{\"decision\":" + CanonicalJson.write(decision(entry, FORMAT_1)) + ",\"format\":" + FORMAT_1
                + ",\"inputSha256\":" + CanonicalJson.write(inputSha256) + ",\"previousHash\":";
        return new Prepared(withoutInput(entry), FORMAT_1, inputSha256, null, null, null, prefix);
    }

    /** A record prepared by {@link #prepare}, waiting for its sequence number and previous hash. */
    static final class Prepared {
        private final AuditEntry entry;
        private final int format;
        private final String inputSha256;
        private final String commitment;
        private final PersonalData personal;
        private final byte[] salt;
        private final String prefix;
        private final MessageDigest prefixDigest;

        private Prepared(AuditEntry entry, int format, String inputSha256, String commitment, PersonalData personal,
                         byte[] salt, String prefix) {
            this.entry = entry;
            this.format = format;
            this.inputSha256 = inputSha256;
            this.commitment = commitment;
            this.personal = personal;
            this.salt = salt;
            this.prefix = prefix;
            this.prefixDigest = newSha256();
            this.prefixDigest.update(prefix.getBytes(StandardCharsets.UTF_8));
        }

        /** The personal data kept apart (null: none, an erasure record or a format-1 record). */
        PersonalData personal() {
            return personal;
        }

        /** Its salt, 32 random bytes (null when there is no personal data). */
        byte[] salt() {
            return salt == null ? null : salt.clone();
        }

        /** The document at {@code sequence} after {@code previousHash}, and its hash. */
        Chained chain(long sequence, String previousHash) {
            String suffix = CanonicalJson.write(previousHash) + ",\"sequence\":" + sequence + "}";
            String json = prefix + suffix;
            MessageDigest sha;
            try {
                sha = (MessageDigest) prefixDigest.clone();
            } catch (CloneNotSupportedException e) {
                sha = newSha256();
                sha.update(prefix.getBytes(StandardCharsets.UTF_8));
            }
            sha.update(suffix.getBytes(StandardCharsets.UTF_8));
            return new Chained(new RecordDocument(sequence, format, entry, inputSha256, commitment, previousHash, json),
                    HexFormat.of().formatHex(sha.digest()));
        }
    }

    /** A document with its place in the chain and its hash. */
    record Chained(RecordDocument document, String hash) {
    }

    /**
     * Reads a stored document back; it is trusted only as far as its hash verifies.
     *
     * @throws IllegalArgumentException when the text is not an audit record of a known format
     */
    static RecordDocument parse(String json) {
        try {
            return read(json);
        } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
            throw new IllegalArgumentException("stored text is not a format-" + FORMAT_1 + " or format-" + FORMAT
                    + " audit record: " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static RecordDocument read(String json) {
        Map<String, Object> doc = (Map<String, Object>) CanonicalJson.parse(json);
        long format = ((JsonNumber) doc.get("format")).asLong();
        if (format != FORMAT_1 && format != FORMAT) {
            throw new IllegalArgumentException("unknown audit record format " + format + ", expected " + FORMAT_1
                    + " or " + FORMAT);
        }
        boolean one = format == FORMAT_1;
        Map<String, Object> d = (Map<String, Object>) doc.get("decision");
        List<Reason> reasons = readReasons((List<Object>) d.get("reasons"));
        List<Reason> principal = readReasons((List<Object>) d.getOrDefault("principalReasons", List.of()));
        List<FeatureAttribution> attributions = new ArrayList<>();
        for (Object o : (List<Object>) d.getOrDefault("attributions", List.of())) {
            Map<String, Object> a = (Map<String, Object>) o;
            // Written only when finite (records from before errors were kept have none): NaN otherwise.
            Double error = readDouble(a.get("error"));
            attributions.add(new FeatureAttribution((String) a.get("feature"), (String) a.get("description"),
                    a.get("value"), a.get("referenceValue"), readDouble(a.get("contribution")),
                    error == null ? Double.NaN : error));
        }
        List<ScoreSummary> scores = new ArrayList<>();
        for (Object o : (List<Object>) d.get("scores")) {
            Map<String, Object> s = (Map<String, Object>) o;
            Map<String, Float> features = null;
            if (s.get("encodedFeatures") != null) {
                features = new LinkedHashMap<>();
                for (Map.Entry<String, Object> f : ((Map<String, Object>) s.get("encodedFeatures")).entrySet()) {
                    features.put(f.getKey(), readFloat(f.getValue()));
                }
            }
            scores.add(new ScoreSummary((String) s.get("model"), (String) s.get("version"), (String) s.get("modelSha256"),
                    (String) s.get("provider"), readDouble(s.get("value")), (String) s.get("failure"), features));
        }
        Map<String, Double> cutOffs = new LinkedHashMap<>();
        for (Map.Entry<String, Object> c : ((Map<String, Object>) d.get("cutOffs")).entrySet()) {
            cutOffs.put(c.getKey(), readDouble(c.getValue()));
        }
        Map<String, Object> rb = (Map<String, Object>) d.get("ruleBase");
        RuleBaseVersion ruleBase = rb == null ? null
                : new RuleBaseVersion((String) rb.get("coordinates"), (String) rb.get("drlSha256"));
        List<String> errors = one ? (List<String>) (List<?>) d.get("errors")
                : java.util.Collections.nCopies((int) ((JsonNumber) d.get("errorCount")).asLong(), PersonalData.ERASED);
        AuditEntry.Erasure erasure = null;
        if (d.get("erasure") != null) {
            Map<String, Object> x = (Map<String, Object>) d.get("erasure");
            erasure = new AuditEntry.Erasure((String) x.get("scope"), (List<String>) (List<?>) x.get("decisionIds"),
                    (String) x.get("legalBasis"));
        }
        AuditEntry entry = new AuditEntry((String) d.get("decisionId"), (String) d.get("applicationId"),
                (String) d.get("channel"), instant(d.get("receivedAt")), instant(d.get("decidedAt")), null,
                AuditEntry.Status.valueOf((String) d.get("status")), (String) d.get("outcome"), reasons, scores, cutOffs,
                (List<String>) (List<?>) d.get("rulesFired"), ruleBase, errors,
                principal, attributions, null, (String) d.get("supersedes"), (String) d.get("requestedBy"), erasure,
                readExplanation((Map<String, Object>) d.get("explanation")));
        return new RecordDocument(((JsonNumber) doc.get("sequence")).asLong(), (int) format, entry,
                one ? (String) doc.get("inputSha256") : null, one ? null : (String) doc.get("personalDataCommitment"),
                (String) doc.get("previousHash"), json);
    }

    /** The {@code explanation} object, or null when the record has none; {@code maxError} absent reads as NaN. */
    private static ExplanationSummary readExplanation(Map<String, Object> x) {
        if (x == null) {
            return null;
        }
        Double maxError = readDouble(x.get("maxError"));
        return new ExplanationSummary((String) x.get("model"), (String) x.get("version"),
                ExplanationMethod.valueOf((String) x.get("method")), (Boolean) x.get("exact"),
                maxError == null ? Double.NaN : maxError);
    }

    @SuppressWarnings("unchecked")
    private static List<Reason> readReasons(List<Object> list) {
        List<Reason> reasons = new ArrayList<>();
        for (Object o : list) {
            Map<String, Object> r = (Map<String, Object>) o;
            // Format 2 keeps the text apart (personal): it reads as erased until the personal data is put back.
            String text = r.containsKey("text") ? (String) r.get("text") : PersonalData.ERASED;
            reasons.add(new Reason((String) r.get("code"), text, Outcome.valueOf((String) r.get("outcome")),
                    (String) r.get("rule")));
        }
        return reasons;
    }

    private static List<Object> writeReasons(List<Reason> list, int format) {
        List<Object> reasons = new ArrayList<>();
        for (Reason r : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", r.code());
            if (format == FORMAT_1) {
                m.put("text", r.text());
            }
            m.put("outcome", r.outcome().name());
            m.put("rule", r.rule());
            reasons.add(m);
        }
        return reasons;
    }

    /** SHA-256 of the document text: the record hash. */
    String hash() {
        return sha256(json);
    }

    /** The model versions a record used, as stored in the searchable {@code model_versions} column. */
    static String modelVersions(AuditEntry entry) {
        StringBuilder s = new StringBuilder("|");
        for (ScoreSummary score : entry.scores()) {
            if (score.version() != null) {
                s.append(score.version()).append('|');
            }
        }
        return s.toString();
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * The decision object. Format 2 leaves out what is personal ({@link PersonalData}): the
     * attributions' {@code value}, the scores' {@code encodedFeatures}, the reasons' {@code text},
     * and the errors (only {@code errorCount} stays); an erasure record adds {@code erasure}.
     */
    private static Map<String, Object> decision(AuditEntry e, int format) {
        boolean one = format == FORMAT_1;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("decisionId", e.decisionId());
        d.put("applicationId", e.applicationId());
        d.put("channel", e.channel());
        d.put("receivedAt", e.receivedAt() == null ? null : e.receivedAt().toString());
        d.put("decidedAt", e.decidedAt().toString());
        d.put("status", e.status().name());
        d.put("outcome", e.outcome());
        d.put("reasons", writeReasons(e.reasons(), format));
        d.put("principalReasons", writeReasons(e.principalReasons(), format));
        List<Object> attributions = new ArrayList<>();
        for (FeatureAttribution a : e.attributions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", a.feature());
            m.put("description", a.description());
            if (one) {
                m.put("value", a.value() == null ? null : String.valueOf(a.value()));
            }
            m.put("referenceValue", a.referenceValue() == null ? null : String.valueOf(a.referenceValue()));
            m.put("contribution", number(a.contribution()));
            if (Double.isFinite(a.error())) {
                // Only when stated: records without errors (and occlusion's NaN) keep the text and hash they had.
                m.put("error", a.error());
            }
            attributions.add(m);
        }
        d.put("attributions", attributions);
        List<Object> scores = new ArrayList<>();
        for (ScoreSummary s : e.scores()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", s.model());
            m.put("version", s.version());
            m.put("modelSha256", s.modelSha256());
            m.put("provider", s.provider());
            m.put("value", number(s.value()));
            m.put("failure", s.failure());
            if (one) {
                // Format 2 keeps the encoded features apart: their names and values are personal.
                if (s.encodedFeatures() == null) {
                    m.put("encodedFeatures", null);
                } else {
                    Map<String, Object> f = new LinkedHashMap<>();
                    s.encodedFeatures().forEach((k, v) -> f.put(k, number(v)));
                    m.put("encodedFeatures", f);
                }
            }
            scores.add(m);
        }
        d.put("scores", scores);
        Map<String, Object> cutOffs = new LinkedHashMap<>();
        e.cutOffs().forEach((k, v) -> cutOffs.put(k, number(v)));
        d.put("cutOffs", cutOffs);
        d.put("rulesFired", e.rulesFired());
        if (e.ruleBase() == null) {
            d.put("ruleBase", null);
        } else {
            Map<String, Object> rb = new LinkedHashMap<>();
            rb.put("coordinates", e.ruleBase().coordinates());
            rb.put("drlSha256", e.ruleBase().drlSha256());
            d.put("ruleBase", rb);
        }
        if (one) {
            d.put("errors", e.errors());
        } else {
            d.put("errorCount", e.errors().size());
        }
        if (e.erasure() != null) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("scope", e.erasure().scope());
            x.put("decisionIds", e.erasure().decisionIds());
            x.put("legalBasis", e.erasure().legalBasis());
            d.put("erasure", x);
        }
        if (e.supersedes() != null) {
            // Only when there is one: records without it keep the text (and hash) they always had.
            d.put("supersedes", e.supersedes());
        }
        if (e.requestedBy() != null) {
            // The same: only when recorded, so records from before access control keep their hash.
            d.put("requestedBy", e.requestedBy());
        }
        if (e.explanation() != null) {
            // The same: only when the model was explained, so older records keep their hash. Not personal.
            ExplanationSummary how = e.explanation();
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("model", how.model());
            x.put("version", how.version());
            x.put("method", how.method().name());
            x.put("exact", how.exact());
            if (Double.isFinite(how.maxError())) {
                x.put("maxError", how.maxError());
            }
            d.put("explanation", x);
        }
        return d;
    }

    /** JSON has no NaN or infinities: those are written as the strings "NaN", "Infinity", "-Infinity". */
    private static Object number(Number n) {
        if (n != null && !Double.isFinite(n.doubleValue())) {
            return n.toString();
        }
        return n;
    }

    private static Double readDouble(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof JsonNumber n ? n.asDouble() : Double.valueOf((String) o);
    }

    private static Float readFloat(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof JsonNumber n ? n.asFloat() : Float.valueOf((String) o);
    }

    private static Instant instant(Object text) {
        return text == null ? null : Instant.parse((String) text);
    }

    static AuditEntry withoutInput(AuditEntry e) {
        return withInput(e, null);
    }

    static AuditEntry withInput(AuditEntry e, String rawInput) {
        return e.withPersonal(rawInput, e.reasons(), e.scores(), e.errors(), e.principalReasons(), e.attributions());
    }
}

package io.credence.rules.audit;

import io.credence.rules.audit.CanonicalJson.JsonNumber;
import io.credence.rules.decision.ScoreSummary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
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
        StringBuilder prefix = new StringBuilder(4096).append("{\"decision\":");
        CanonicalJson.write(decision(entry, FORMAT), prefix);
        prefix.append(",\"format\":").append(FORMAT).append(",\"personalDataCommitment\":");
        CanonicalJson.write(commitment, prefix);
        prefix.append(",\"previousHash\":");
        return new Prepared(PersonalData.withoutPersonal(entry), FORMAT, null, commitment, personal, salt,
                prefix.toString());
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
        AuditEntry entry = EntryJson.read((Map<String, Object>) doc.get("decision"), (int) format);
        return new RecordDocument(((JsonNumber) doc.get("sequence")).asLong(), (int) format, entry,
                one ? (String) doc.get("inputSha256") : null, one ? null : (String) doc.get("personalDataCommitment"),
                (String) doc.get("previousHash"), json);
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

    /** The decision object: {@link EntryJson}'s record view of the format. */
    private static Map<String, Object> decision(AuditEntry e, int format) {
        return EntryJson.of(e, format == FORMAT_1 ? EntryJson.View.RECORD_FORMAT_1 : EntryJson.View.RECORD_FORMAT_2);
    }

    static AuditEntry withoutInput(AuditEntry e) {
        return withInput(e, null);
    }

    static AuditEntry withInput(AuditEntry e, String rawInput) {
        return e.withPersonal(rawInput, e.reasons(), e.scores(), e.errors(), e.principalReasons(), e.attributions());
    }
}

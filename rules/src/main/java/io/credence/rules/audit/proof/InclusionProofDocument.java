package io.credence.rules.audit.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An offline proof that a decision is in the audit log: the receipt, its audit path and the
 * signed checkpoint whose root the path leads to. Whoever holds it and the log's public key can
 * check it without the database ({@code credence audit verify-receipt --proof FILE --public-key FILE}).
 *
 * <pre>{@code
 * InclusionProofDocument doc = InclusionProofDocument.prove(tree, receipt, checkpoint);
 * doc.write(Path.of("dec-42.proof.json"));
 * Verification v = InclusionProofDocument.read(Path.of("dec-42.proof.json")).verify(publicKey);
 * }</pre>
 *
 * <pre>
 * {
 *   "format" : "credence-inclusion-proof v1",
 *   "decisionId" : "dec-42",
 *   "leafIndex" : 41,
 *   "recordHash" : "9f86d081884c7d65...",
 *   "treeSize" : 100,
 *   "auditPath" : [ "c0ffee...", "..." ],
 *   "checkpoint" : "credence-checkpoint v1 100 5dc9... 2026-05-04T10:15:30Z 1a2b3c4d5e6f7081 q83v...=="
 * }
 * </pre>
 *
 * @param decisionId the decision
 * @param leafIndex  its leaf, from 0
 * @param recordHash its record hash, 64 hex (the leaf data)
 * @param treeSize   the size of the tree the path and the checkpoint are for
 * @param auditPath  the audit path, leaf end first, each 64 hex
 * @param checkpoint the signed checkpoint line of that tree size
 */
public record InclusionProofDocument(String decisionId, long leafIndex, String recordHash, long treeSize,
                                     List<String> auditPath, String checkpoint) {

    /** The value of the document's {@code format} field. */
    public static final String FORMAT = "credence-inclusion-proof v1";

    private static final Set<String> FIELDS = Set.of("format", "decisionId", "leafIndex", "recordHash", "treeSize",
            "auditPath", "checkpoint");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public InclusionProofDocument {
        new Receipt(decisionId, leafIndex, recordHash);
        if (treeSize <= leafIndex) {
            throw new IllegalArgumentException("treeSize must be above leafIndex " + leafIndex + ", was " + treeSize);
        }
        if (auditPath == null) {
            throw new IllegalArgumentException("auditPath is required (an empty list for a tree of one leaf)");
        }
        auditPath = List.copyOf(auditPath);
        for (int i = 0; i < auditPath.size(); i++) {
            String hex = auditPath.get(i);
            if (hex == null || !hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("auditPath[" + i + "] must be 64 lower-case hex digits, was '" + hex
                        + "'");
            }
        }
        try {
            Checkpoint.parse(checkpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint: " + e.getMessage(), e);
        }
    }

    /** The document of a receipt, its proof and the checkpoint of the proof's tree size. */
    public static InclusionProofDocument of(Receipt receipt, InclusionProof proof, Checkpoint checkpoint) {
        if (proof.leafIndex() != receipt.leafIndex()) {
            throw new IllegalArgumentException("the proof is for leaf " + proof.leafIndex() + ", the receipt for leaf "
                    + receipt.leafIndex());
        }
        if (proof.treeSize() != checkpoint.treeSize()) {
            throw new IllegalArgumentException("the proof is for a tree of " + proof.treeSize()
                    + " leaves, the checkpoint for " + checkpoint.treeSize());
        }
        return new InclusionProofDocument(receipt.decisionId(), receipt.leafIndex(), receipt.recordHash(),
                proof.treeSize(), proof.path().stream().map(Hash::hex).toList(), checkpoint.toLine());
    }

    /** The document for a receipt, with the tree's audit path to the checkpoint's root. */
    public static InclusionProofDocument prove(MerkleTree tree, Receipt receipt, Checkpoint checkpoint) {
        return of(receipt, tree.inclusionProof(receipt.leafIndex(), checkpoint.treeSize()), checkpoint);
    }

    /** The receipt this document proves. */
    public Receipt receipt() {
        return new Receipt(decisionId, leafIndex, recordHash);
    }

    /** The checkpoint, parsed (not verified). */
    public Checkpoint parsedCheckpoint() {
        return Checkpoint.parse(checkpoint);
    }

    /** The audit path as a proof. */
    public InclusionProof proof() {
        return new InclusionProof(leafIndex, treeSize, auditPath.stream().map(Hash::ofHex).toList());
    }

    /**
     * Whether the document proves its receipt: the checkpoint is signed by {@code key}, is for the
     * document's tree size, and the receipt's leaf hash with the audit path yields its root.
     */
    public Verification verify(PublicKey key) {
        Checkpoint cp = parsedCheckpoint();
        Verification signed = new CheckpointVerifier(key).verify(cp);
        if (!signed.valid()) {
            return signed.within("checkpoint");
        }
        if (cp.treeSize() != treeSize) {
            return Verification.failed("the document is for a tree of " + treeSize + " leaves, its checkpoint for "
                    + cp.treeSize());
        }
        return proof().verify(receipt().leafHash(), cp.root()).within("inclusion of decision " + decisionId);
    }

    /** The JSON text, indented. */
    public String toJson() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", FORMAT);
        doc.put("decisionId", decisionId);
        doc.put("leafIndex", leafIndex);
        doc.put("recordHash", recordHash);
        doc.put("treeSize", treeSize);
        ArrayNode path = doc.putArray("auditPath");
        auditPath.forEach(path::add);
        doc.put("checkpoint", checkpoint);
        return JSON.writeValueAsString(doc) + "\n";
    }

    /**
     * The document a JSON text holds.
     *
     * @throws IllegalArgumentException naming the field when it is not an inclusion proof document
     */
    public static InclusionProofDocument fromJson(String json) {
        JsonNode doc;
        try {
            doc = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("expected a JSON object with the fields " + FIELDS);
        }
        for (String name : doc.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "', expected only " + FIELDS);
            }
        }
        String format = text(doc, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format must be '" + FORMAT + "', was '" + format + "'");
        }
        JsonNode path = doc.get("auditPath");
        if (path == null || !path.isArray()) {
            throw new IllegalArgumentException("auditPath must be an array of hex hashes");
        }
        List<String> hashes = new ArrayList<>();
        for (JsonNode h : path) {
            if (!h.isString()) {
                throw new IllegalArgumentException("auditPath[" + hashes.size() + "] must be a string of 64 hex digits");
            }
            hashes.add(h.asString());
        }
        return new InclusionProofDocument(text(doc, "decisionId"), number(doc, "leafIndex"), text(doc, "recordHash"),
                number(doc, "treeSize"), hashes, text(doc, "checkpoint"));
    }

    /** Writes the JSON to a file (replacing it). */
    public void write(Path file) {
        try {
            Files.writeString(file, toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write proof document " + file + ": " + e, e);
        }
    }

    /**
     * Reads a document file.
     *
     * @throws IllegalArgumentException "FILE is not an inclusion proof document: ..." for bad content
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static InclusionProofDocument read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("proof document " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read proof document " + file + ": " + e, e);
        }
        try {
            return fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not an inclusion proof document: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return v.asString();
    }

    private static long number(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be a whole number");
        }
        return v.longValue();
    }
}

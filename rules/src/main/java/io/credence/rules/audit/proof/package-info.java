/**
 * The proof core of an audit log that proves itself: an RFC 9162 Merkle tree over the audit
 * records, signed checkpoints of its root, and receipts whose inclusion a client verifies offline.
 *
 * <p>How the pieces fit, from a written record to a verified receipt:
 *
 * <pre>
 * record hash (32 bytes) -> leaf of the {@link io.credence.rules.audit.proof.MerkleTree} (stored in {@link io.credence.rules.audit.proof.TreeNodes})
 *   -> {@link io.credence.rules.audit.proof.CheckpointSigner} signs (size, root, time) -> {@link io.credence.rules.audit.proof.Checkpoint}, kept in a {@link io.credence.rules.audit.proof.CheckpointFile}
 *   -> {@link io.credence.rules.audit.proof.Receipt} + audit path + checkpoint = {@link io.credence.rules.audit.proof.InclusionProofDocument}
 *   -> {@link io.credence.rules.audit.proof.InclusionProofDocument#verify} with the public key, no database needed
 * </pre>
 *
 * <p>The leaf of an audit record is the 32 bytes its hex record hash spells (not the 64 hex
 * characters), and record sequence {@code s} (from 1) is leaf index {@code s - 1} (from 0).
 * Hashing follows RFC 9162 §2.1.1 exactly, so any Certificate Transparency verifier checks the
 * proofs; the only cryptography here is the JDK's SHA-256 and Ed25519.
 */
package io.credence.rules.audit.proof;

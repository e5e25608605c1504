-- Merkle tree and signed checkpoints, version 4 (postgresql). See docs/audit.md ("What is proved").
-- audit_tree: the hash of every perfect subtree of the RFC 9162 tree over the records, written
-- once, in the same transaction as the records. Node (level, idx) covers the leaves
-- [idx * 2^level, (idx + 1) * 2^level); level 0 holds the leaf hashes SHA-256(0x00 || record hash
-- bytes), leaf idx being the record of sequence idx + 1. A store of an older version gets its tree
-- built for the records it holds when it is first opened by this version.
CREATE TABLE audit_tree (
    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 62),
    idx BIGINT NOT NULL CHECK (idx >= 0),
    hash BYTEA NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, idx)
);
-- audit_checkpoint: signed tree heads (Ed25519 over size, root, time and key id), one per tree
-- size; each is also exported, outside the database, to the witness files (--checkpoints DIR).
CREATE TABLE audit_checkpoint (
    tree_size  BIGINT PRIMARY KEY CHECK (tree_size >= 0),
    root_hash  VARCHAR(64) NOT NULL,
    signed_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    key_id     VARCHAR(16) NOT NULL,
    line       VARCHAR(400) NOT NULL
);

-- The Merkle tree over the audit records (H2 2.x), one row per append of at most 32 leaves: the
-- leaves [first_leaf, first_leaf + leaf_count), 32 bytes each, in append order, each followed by
-- the parents it completed. Level 0 holds the leaf hashes SHA-256(0x00 || record hash bytes), leaf
-- i being record sequence i + 1. See JdbcTreeNodes for where a node lies.
CREATE TABLE IF NOT EXISTS audit_tree (
    first_leaf BIGINT PRIMARY KEY CHECK (first_leaf >= 0),
    leaf_count INTEGER NOT NULL CHECK (leaf_count BETWEEN 1 AND 32),
    nodes BINARY VARYING(8192) NOT NULL CHECK (MOD(OCTET_LENGTH(nodes), 32) = 0)
);

-- The Merkle tree over the audit records (PostgreSQL): the hash of every perfect subtree, written
-- once. Node (level, idx) covers the leaves [idx * 2^level, (idx + 1) * 2^level); level 0 holds
-- the leaf hashes SHA-256(0x00 || record hash bytes), leaf idx being record sequence idx + 1.
CREATE TABLE IF NOT EXISTS audit_tree (
    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 62),
    idx BIGINT NOT NULL CHECK (idx >= 0),
    hash BYTEA NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, idx)
);

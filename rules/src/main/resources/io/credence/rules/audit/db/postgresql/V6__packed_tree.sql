-- Merkle tree, version 6 (postgresql): one row per group commit instead of one per node. See docs/audit.md
-- ("What is proved") and docs/benchmarks.md ("Audit tree"): an append of 12 records wrote some 24
-- rows of the version-4 table, each an insert into the table and its index; it now writes one.
-- A row holds the leaves [first_leaf, first_leaf + leaf_count), 32 bytes each, in append order,
-- each followed by the parents it completed; node (level, idx) is in the row of the leaf that
-- completed it, ((idx + 1) << level) - 1.
-- The tree holds nothing the records do not: the version-4 table is dropped, and the first open
-- by this version builds the tree again from the records (as for a store older than version 4),
-- under the chain head's lock, and refuses to open when the rebuilt tree disagrees with the
-- latest signed checkpoint the store holds.
DROP TABLE audit_tree;
CREATE TABLE audit_tree (
    first_leaf BIGINT PRIMARY KEY CHECK (first_leaf >= 0),
    leaf_count INTEGER NOT NULL CHECK (leaf_count BETWEEN 1 AND 32),
    nodes BYTEA NOT NULL CHECK (octet_length(nodes) % 32 = 0 AND octet_length(nodes) <= 8192)
);

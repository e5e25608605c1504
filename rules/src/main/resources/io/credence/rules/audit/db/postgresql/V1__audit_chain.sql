-- Audit chain, version 1 (PostgreSQL). See docs/audit.md.
-- The single row of audit_chain_head is locked (SELECT ... FOR UPDATE) by every append
-- transaction: appends from any number of threads or processes are serialised on it.
CREATE TABLE audit_chain_head (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    last_sequence BIGINT NOT NULL,
    last_hash     CHAR(64) NOT NULL
);
INSERT INTO audit_chain_head (id, last_sequence, last_hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- One row per record. record_json is the hashed canonical document and the source of truth;
-- the other columns are copies for searching, checked against it by verify().
CREATE TABLE audit_record (
    sequence       BIGINT PRIMARY KEY CHECK (sequence >= 1),
    decision_id    VARCHAR(100) NOT NULL UNIQUE,
    application_id VARCHAR(200),
    channel        VARCHAR(32) NOT NULL,
    received_at    TIMESTAMP(6) WITH TIME ZONE,
    decided_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    status         VARCHAR(16) NOT NULL,
    outcome        VARCHAR(16),
    model_versions VARCHAR(2000) NOT NULL,
    input_sha256   CHAR(64) NOT NULL,
    previous_hash  CHAR(64) NOT NULL,
    record_hash    CHAR(64) NOT NULL UNIQUE,
    record_json    TEXT NOT NULL
);
CREATE INDEX audit_record_decided_at ON audit_record (decided_at);
CREATE INDEX audit_record_application_id ON audit_record (application_id);

-- The raw input, apart from the chain so that it can be erased (GDPR) while the chain, which
-- hashes only its digest, still verifies.
CREATE TABLE audit_input (
    decision_id VARCHAR(100) PRIMARY KEY REFERENCES audit_record (decision_id),
    raw_input   TEXT,
    erased_at   TIMESTAMP(6) WITH TIME ZONE
);

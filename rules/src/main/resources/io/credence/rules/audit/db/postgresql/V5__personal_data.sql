-- Personal data apart from the hashed records, version 5 (postgresql). See docs/audit.md ("Record content", "GDPR erasure").
-- Records of format 2 hold no personal data: one row here per record holds it (the raw input, the
-- applicant's attribution values, the encoded features, reason and error texts) as canonical JSON,
-- with the record's random salt; the record commits to SHA-256(salt || data). Erasure sets data and
-- salt to NULL and erased_at to its time, and appends an ERASURE record naming the record.
CREATE TABLE audit_personal (
    decision_id VARCHAR(100) PRIMARY KEY REFERENCES audit_record (decision_id),
    salt        CHAR(64),
    data        TEXT,
    erased_at   TIMESTAMP(6) WITH TIME ZONE,
    CHECK ((salt IS NULL) = (data IS NULL)),
    CHECK ((data IS NULL) = (erased_at IS NOT NULL))
);
-- Format-2 records have no unsalted input digest: the column stays for format-1 records only.
ALTER TABLE audit_record ALTER COLUMN input_sha256 DROP NOT NULL;

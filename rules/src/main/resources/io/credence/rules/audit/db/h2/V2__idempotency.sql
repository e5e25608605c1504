-- Idempotency, version 2. See docs/reliability.md.
-- One row per keyed record: the application id and the input key, a keyed hash (HMAC-SHA256 with
-- the store's own secret) of the canonical input. The primary key makes the store refuse a second
-- record of the identical application, also from another service instance on the same database.
-- Not part of any hashed record: erasing an application deletes its rows here.
CREATE TABLE audit_idempotency (
    application_id VARCHAR(200) NOT NULL,
    input_key      CHAR(64) NOT NULL,
    decision_id    VARCHAR(100) NOT NULL UNIQUE REFERENCES audit_record (decision_id),
    PRIMARY KEY (application_id, input_key)
);

-- Secrets of the store (the idempotency key's HMAC secret), made by the first service that opens it.
CREATE TABLE audit_secret (
    name   VARCHAR(64) PRIMARY KEY,
    secret CHARACTER VARYING(128) NOT NULL
);

-- Tamper evidence: each audit record carries an HMAC-SHA256 chained to the previous record of the
-- same remediation (computed by the writer with a key the database never sees).
-- Rows written before this migration stay unchained (chain_seq and chain_hash NULL).
ALTER TABLE audit_event ADD COLUMN chain_seq  BIGINT;
ALTER TABLE audit_event ADD COLUMN chain_hash CHAR(64);
-- One record per position: a second writer that skipped the head's lock would fail here instead.
CREATE UNIQUE INDEX audit_event_chain_idx ON audit_event (remediation_id, chain_seq) WHERE chain_seq IS NOT NULL;

-- The last link of each remediation's chain. Writers lock it (SELECT ... FOR UPDATE) for the
-- length of their transaction, so concurrent writers (replicas) extend a chain one at a time; the
-- verifier compares it with the last record to see a chain whose end was deleted.
CREATE TABLE audit_chain_head (
    remediation_id  TEXT        PRIMARY KEY,
    last_seq        BIGINT      NOT NULL,
    last_hash       CHAR(64)    NOT NULL DEFAULT '',
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

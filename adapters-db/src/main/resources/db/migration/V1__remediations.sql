-- Append-only. Never edit a released migration; add V<n+1>__*.sql instead.
CREATE TABLE remediation (
    remediation_id   TEXT PRIMARY KEY,
    fingerprint      CHAR(64)    NOT NULL,
    alert_name       TEXT        NOT NULL,
    namespace        TEXT        NOT NULL DEFAULT '',
    target_kind      TEXT        NOT NULL,
    target_name      TEXT        NOT NULL,
    environment      TEXT        NOT NULL DEFAULT 'unknown',
    severity         TEXT        NOT NULL DEFAULT 'warning',
    created_at       TIMESTAMPTZ NOT NULL,
    final_phase      TEXT,
    outcome          TEXT,
    completed_at     TIMESTAMPTZ
);
CREATE INDEX remediation_fingerprint_idx ON remediation (fingerprint);
CREATE INDEX remediation_alert_idx ON remediation (alert_name, created_at DESC);

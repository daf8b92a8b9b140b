-- Append-only. Never edit a released migration; add V<n+1>__*.sql instead.
-- Every row carries remediation_id (the AlertRemediation name) and fingerprint.

-- The generic, append-only trail. idempotency_key makes replays harmless.
CREATE TABLE audit_event (
    id               BIGSERIAL    PRIMARY KEY,
    idempotency_key  VARCHAR(512) NOT NULL UNIQUE,
    remediation_id   TEXT         NOT NULL,
    fingerprint      CHAR(64)     NOT NULL,
    namespace        TEXT         NOT NULL DEFAULT '',
    type             TEXT         NOT NULL,
    occurred_at      TIMESTAMPTZ  NOT NULL,
    recorded_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    payload          JSONB        NOT NULL DEFAULT '{}'::jsonb
);
-- The stable order is (occurred_at, id); each filter has an index ending in it.
CREATE INDEX audit_event_order_idx       ON audit_event (occurred_at, id);
CREATE INDEX audit_event_remediation_idx ON audit_event (remediation_id, occurred_at, id);
CREATE INDEX audit_event_type_idx        ON audit_event (type, occurred_at, id);
CREATE INDEX audit_event_namespace_idx   ON audit_event (namespace, occurred_at, id);
CREATE INDEX audit_event_fingerprint_idx ON audit_event (fingerprint);
-- The retention gate.
CREATE INDEX audit_event_final_idx ON audit_event (remediation_id) WHERE type = 'REMEDIATION_FINAL';

-- One row per remediation, filled from REMEDIATION_CREATED and REMEDIATION_FINAL in any order.
CREATE TABLE remediation (
    remediation_id    TEXT        PRIMARY KEY,
    fingerprint       CHAR(64)    NOT NULL,
    alert_name        TEXT        NOT NULL DEFAULT '',
    target_kind       TEXT        NOT NULL DEFAULT '',
    target_namespace  TEXT        NOT NULL DEFAULT '',
    target_name       TEXT        NOT NULL DEFAULT '',
    environment       TEXT        NOT NULL DEFAULT '',
    severity          TEXT        NOT NULL DEFAULT '',
    created_at        TIMESTAMPTZ,
    final_phase       TEXT,
    outcome           TEXT,
    completed_at      TIMESTAMPTZ,
    -- Hashed feature vector of labels and annotation text, L2-normalised (portable similarity).
    similarity_vector DOUBLE PRECISION[]
);
CREATE INDEX remediation_fingerprint_idx ON remediation (fingerprint, created_at);
CREATE INDEX remediation_alert_idx       ON remediation (alert_name, created_at DESC);
CREATE INDEX remediation_target_idx      ON remediation (target_namespace, target_kind, target_name, created_at DESC);
CREATE INDEX remediation_created_idx     ON remediation (created_at);

CREATE TABLE phase_transition (
    id              BIGSERIAL   PRIMARY KEY,
    event_id        BIGINT      NOT NULL UNIQUE REFERENCES audit_event (id),
    remediation_id  TEXT        NOT NULL,
    fingerprint     CHAR(64)    NOT NULL,
    resource_kind   TEXT        NOT NULL,
    resource_name   TEXT        NOT NULL,
    from_phase      TEXT        NOT NULL DEFAULT '',
    to_phase        TEXT        NOT NULL,
    reason          TEXT,
    occurred_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX phase_transition_remediation_idx ON phase_transition (remediation_id, occurred_at);

CREATE TABLE analysis (
    id                 BIGSERIAL   PRIMARY KEY,
    event_id           BIGINT      NOT NULL UNIQUE REFERENCES audit_event (id),
    remediation_id     TEXT        NOT NULL,
    fingerprint        CHAR(64)    NOT NULL,
    analysis_name      TEXT        NOT NULL DEFAULT '',
    investigator       TEXT        NOT NULL DEFAULT '',
    root_cause         TEXT,
    confidence         DOUBLE PRECISION,
    requires_approval  BOOLEAN,
    occurred_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX analysis_remediation_idx ON analysis (remediation_id);

-- Kept (dropped = false, in rank order) and dropped recommendations of an analysis.
CREATE TABLE analysis_recommendation (
    id              BIGSERIAL PRIMARY KEY,
    analysis_id     BIGINT    NOT NULL REFERENCES analysis (id),
    remediation_id  TEXT      NOT NULL,
    fingerprint     CHAR(64)  NOT NULL,
    position        INT       NOT NULL,
    action_type     TEXT      NOT NULL,
    confidence      DOUBLE PRECISION,
    dropped         BOOLEAN   NOT NULL,
    drop_reason     TEXT,
    UNIQUE (analysis_id, dropped, position)
);
CREATE INDEX analysis_recommendation_remediation_idx ON analysis_recommendation (remediation_id);

CREATE TABLE action_execution (
    id               BIGSERIAL   PRIMARY KEY,
    event_id         BIGINT      NOT NULL UNIQUE REFERENCES audit_event (id),
    remediation_id   TEXT        NOT NULL,
    fingerprint      CHAR(64)    NOT NULL,
    step             INT         NOT NULL,
    action_type      TEXT        NOT NULL,
    target_kind      TEXT        NOT NULL DEFAULT '',
    target_namespace TEXT        NOT NULL DEFAULT '',
    target_name      TEXT        NOT NULL DEFAULT '',
    outcome          TEXT        NOT NULL,
    message          TEXT,
    duration_ms      BIGINT,
    parameters       JSONB       NOT NULL DEFAULT '{}'::jsonb,
    rollback         JSONB       NOT NULL DEFAULT '{}'::jsonb,
    occurred_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_execution_remediation_idx ON action_execution (remediation_id, step);
CREATE INDEX action_execution_effect_idx      ON action_execution (action_type, target_kind, occurred_at);
CREATE INDEX action_execution_target_idx      ON action_execution (target_namespace, target_kind, target_name);

CREATE TABLE approval (
    id              BIGSERIAL   PRIMARY KEY,
    event_id        BIGINT      NOT NULL UNIQUE REFERENCES audit_event (id),
    remediation_id  TEXT        NOT NULL,
    fingerprint     CHAR(64)    NOT NULL,
    decision        TEXT        NOT NULL,
    decider         TEXT        NOT NULL DEFAULT '',
    reason          TEXT,
    occurred_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX approval_remediation_idx ON approval (remediation_id);

CREATE TABLE notification (
    id                 BIGSERIAL   PRIMARY KEY,
    event_id           BIGINT      NOT NULL UNIQUE REFERENCES audit_event (id),
    remediation_id     TEXT        NOT NULL,
    fingerprint        CHAR(64)    NOT NULL,
    notification_type  TEXT        NOT NULL,
    channel            TEXT        NOT NULL DEFAULT '',
    delivery           TEXT        NOT NULL DEFAULT '',
    occurred_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX notification_remediation_idx ON notification (remediation_id);

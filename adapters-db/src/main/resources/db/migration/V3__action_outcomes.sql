-- ACTION records of the operator carried the lower-case word of their idempotency key as outcome
-- (succeeded, succeeded-attempt-2, verified-after-restart, dry-run-succeeded, rollback-succeeded, ...),
-- which the history never read as a success: every operator success counted as a failure. The
-- operator now records the history's words (Succeeded, DryRun, RolledBack, FailedRetryable, ...);
-- this rewrites the projected rows it wrote before. audit_event keeps each record as it was chained.
-- External writers' records (keys external:...) are left as they were posted.
UPDATE action_execution a
SET outcome = CASE
    WHEN w.word IN ('succeeded', 'verified-after-restart') THEN 'Succeeded'
    WHEN w.word LIKE 'dry-run-%' THEN 'DryRun'
    WHEN w.word IN ('rollback-succeeded', 'rollback-verified-after-restart') THEN 'RolledBack'
    WHEN w.word = 'rollback-skipped' THEN 'RollbackSkipped'
    WHEN w.word LIKE 'rollback-%' THEN 'RollbackFailed'
    WHEN w.word = 'skipped' THEN 'Skipped'
    WHEN w.word = 'failed_retryable' THEN 'FailedRetryable'
    WHEN w.word = 'failed_permanent' THEN 'FailedPermanent'
    WHEN w.word = 'timed_out' THEN 'TimedOut'
    WHEN w.word = 'not_started' THEN 'NotStarted'
    ELSE a.outcome
  END
FROM (SELECT x.id, regexp_replace(x.outcome, '-attempt-[0-9]+$', '') AS word
      FROM action_execution x JOIN audit_event e ON e.id = x.event_id
      WHERE x.outcome ~ '^[a-z]' AND e.idempotency_key NOT LIKE 'external:%') w
WHERE a.id = w.id;

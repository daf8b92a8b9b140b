-- The order records were committed in, for readers that tail the trail (GET /api/v1/audit/events
-- ?order=recorded): the transaction id that stored each record. A reader pages by (recorded_xid, id)
-- and stops before the oldest transaction still running, so a record committed later with an
-- earlier time (back-filled after a database outage, posted late) or a lower id is never skipped.
-- Rows stored before this migration keep NULL and come first, by id. The column is added without a
-- default first, so that existing rows are not rewritten; the default applies to new rows only.
ALTER TABLE audit_event ADD COLUMN recorded_xid xid8;
ALTER TABLE audit_event ALTER COLUMN recorded_xid SET DEFAULT pg_current_xact_id();
CREATE INDEX audit_event_recorded_idx ON audit_event (recorded_xid NULLS FIRST, id);

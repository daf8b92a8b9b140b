-- The chain head's own HMAC, over its remediation, last sequence and last hash (computed by the writer
-- with the audit key, which the database never sees): a head rewritten to hide a deleted end, its
-- sequence and hash set to those of the new last record, no longer verifies.
ALTER TABLE audit_chain_head ADD COLUMN last_mac CHAR(64);
-- The version of a record's HMAC: NULL for records chained before this migration (v1), 2 from now
-- on. Version 2 binds its number into the HMAC, so it cannot be lowered, and says the chain's head is
-- sealed: for a chain with such a record, a head without a valid MAC, or no head, is a break.
ALTER TABLE audit_event ADD COLUMN chain_version SMALLINT;

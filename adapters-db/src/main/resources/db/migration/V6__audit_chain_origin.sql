-- How many of a remediation's records were stored before its chain began (records without a chain hash: written
-- before an audit key was set): counted by the writer as it creates the chain's head, and bound into the head's MAC
-- (head v2). A record without a chain hash that is not among them was inserted outside the writer, whatever its id.
-- NULL for heads created before this migration, which are held to the ids of their records as before.
ALTER TABLE audit_chain_head ADD COLUMN unchained_before INTEGER;
-- Where chaining began in this trail, written once by the first writer with an audit key and sealed with it: a
-- record without a chain hash and with a greater id than began_after_id was not written before chaining began. A
-- trail whose records were all stripped of their chains, and their heads deleted, would otherwise verify.
CREATE TABLE audit_chain_origin (
  singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
  began_after_id BIGINT NOT NULL,
  mac CHAR(64) NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

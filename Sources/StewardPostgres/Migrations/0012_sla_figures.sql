-- A request's response-time figures beside its state, written with every transition, so a list of
-- requests shows each one's SLA without reading and decoding its whole state. JSON null: the type
-- has no SLA. SQL NULL: the row was last written before this migration; readers then fall back to
-- the state, until the request's next transition writes the figures.
ALTER TABLE workflows ADD COLUMN sla jsonb;

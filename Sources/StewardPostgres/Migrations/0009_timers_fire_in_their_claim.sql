-- Timers are claimed by the transaction that fires them (row locks, no lease), and deliveries and
-- report runs under leases: each claim reads its own index, so a backlog of one kind never makes
-- the other's claim walk past it.
DROP INDEX jobs_ready;
CREATE INDEX jobs_due_timers ON jobs (run_at) WHERE status = 'ready' AND kind = 'timer';
CREATE INDEX jobs_ready_leased ON jobs (priority, run_at) WHERE status = 'ready' AND kind <> 'timer';

-- Timers are claimed by the transaction that fires them (row locks, no lease), and deliveries and
-- report runs under leases: each claim reads its own index, so a backlog of one kind never makes
-- the other's claim walk past it. A new timer row goes into as few indexes as can serve: the next
-- due instant is the earlier of the two kinds' own minimums.
DROP INDEX jobs_ready;
DROP INDEX jobs_next_due;
CREATE INDEX jobs_due_timers ON jobs (run_at) WHERE status = 'ready' AND kind = 'timer';
CREATE INDEX jobs_ready_leased ON jobs (priority, run_at) WHERE status = 'ready' AND kind <> 'timer';
CREATE INDEX jobs_next_due_leased ON jobs (run_at) WHERE status = 'ready' AND kind <> 'timer';


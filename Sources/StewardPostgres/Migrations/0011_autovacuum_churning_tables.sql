-- Autovacuum for the tables that churn. A table is vacuumed once its dead rows pass
-- autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor × its rows: 50 + 20 % by default.
--
-- tasks, outbox and workflows keep a row for every request ever filed, yet what is read hot in
-- them is small: the open tasks (tasks_queue, tasks_one_open_per_name), the open requests (the
-- workflows_*open indexes), the deliveries in hand. Every closed task, delivery and transition
-- leaves a dead row and dead index entries behind, and at 20 % a table of a million requests
-- carries 200,000 of them before a vacuum, many times the few thousand live entries of those
-- indexes, which every queue read and open-request list walks. At 1 % a vacuum comes after
-- 10,000; on a large table it reads only the pages changed since the last one (the others are
-- all-visible), so vacuuming that often stays cheap.
--
-- jobs keeps only the work in hand (finished jobs are deleted): it is vacuumed after a fixed 200
-- dead rows whatever its backlog (1 % of it, as 0001 had it, let a backlog raise the bar), and its
-- vacuum is never throttled: it is small, and every claim walks the dead rows it has not yet
-- removed. Its fillfactor and analyze settings from 0001 stay.
--
-- Only vacuum triggers change. workflows keeps the default fillfactor (at 80 the planner walked
-- the newest-requests index for a customer's list), and statistics are gathered as before, so no
-- plan changes with this file. Autovacuum visits a database at most once a minute
-- (autovacuum_naptime, a server setting): between visits the tables carry that minute's churn
-- whatever these settings say.
ALTER TABLE jobs SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 200, autovacuum_vacuum_cost_delay = 0);
ALTER TABLE tasks SET (autovacuum_vacuum_scale_factor = 0.01);
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0.01);
ALTER TABLE workflows SET (autovacuum_vacuum_scale_factor = 0.01);

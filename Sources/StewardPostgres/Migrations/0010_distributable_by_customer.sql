-- Keys a Citus cluster distributed by customer_id can keep. Citus enforces a primary key, a
-- unique constraint or index only when it includes the distribution column, and a foreign key
-- between two distributed tables only when both sides include it in the same place; it refuses
-- ON DELETE SET NULL on such a key, and any foreign key from a reference table to a distributed one.
--
-- Per customer (distributed by customer_id): workflows, workflow_events, tasks, jobs, outbox,
-- outbox_files, delivery_attempts, inbound_attachments, contacts, webhook_endpoints,
-- report_schedules, report_runs. Global (reference tables): customers, staff, groups and the
-- rota, and what is found before any customer is known or belongs to none: api_tokens,
-- web_sessions and sign_in_links (looked up by a secret; staff have no customer), audit_log
-- (directory changes to staff and groups), inbound_mail (the Message-ID is unique across
-- senders, refused mail has no customer), idempotency_keys (per caller, reserved before the work
-- names its customer) and captured_mail (the one mailbox of `steward dev`).
--
-- Each key keeps its id first and gains customer_id last, so every lookup by id alone still walks
-- the same index; an id was already unique, so no key accepts a row it refused before. Processes
-- of an older build must be stopped first: their ON CONFLICT targets name the old keys.

-- The foreign keys into the keys being rebuilt go first; those between per-customer tables come
-- back below with customer_id.
ALTER TABLE workflow_events DROP CONSTRAINT workflow_events_workflow_id_fkey;
ALTER TABLE tasks DROP CONSTRAINT tasks_workflow_id_fkey;
ALTER TABLE jobs DROP CONSTRAINT jobs_workflow_id_fkey;
ALTER TABLE outbox DROP CONSTRAINT outbox_workflow_id_fkey;
ALTER TABLE delivery_attempts DROP CONSTRAINT delivery_attempts_outbox_id_fkey;
ALTER TABLE report_runs DROP CONSTRAINT report_runs_schedule_id_fkey;

-- A global table cannot refer to a per-customer one. Workflows and outbox rows are never deleted,
-- so the ON DELETE SET NULL these kept had nothing to do; the ids stay, as plain values.
ALTER TABLE inbound_mail DROP CONSTRAINT inbound_mail_workflow_id_fkey;
ALTER TABLE inbound_mail DROP CONSTRAINT inbound_mail_outbox_id_fkey;
ALTER TABLE captured_mail DROP CONSTRAINT captured_mail_outbox_id_fkey;

-- A set of files belongs to the report run of the same number (file_set = report_runs.run_id),
-- and so to that run's customer.
ALTER TABLE outbox_files ADD COLUMN customer_id text;
UPDATE outbox_files f SET customer_id = r.customer_id FROM report_runs r WHERE r.run_id = f.file_set;
UPDATE outbox_files f SET customer_id = o.customer_id
FROM outbox o WHERE o.file_set = f.file_set AND f.customer_id IS NULL;
ALTER TABLE outbox_files ALTER COLUMN customer_id SET NOT NULL;

ALTER TABLE workflows DROP CONSTRAINT workflows_pkey, ADD CONSTRAINT workflows_pkey PRIMARY KEY (workflow_id, customer_id);
ALTER TABLE workflow_events DROP CONSTRAINT workflow_events_pkey,
    ADD CONSTRAINT workflow_events_pkey PRIMARY KEY (workflow_id, seq, customer_id);
ALTER TABLE tasks DROP CONSTRAINT tasks_pkey, ADD CONSTRAINT tasks_pkey PRIMARY KEY (task_id, customer_id);
ALTER TABLE jobs DROP CONSTRAINT jobs_pkey, ADD CONSTRAINT jobs_pkey PRIMARY KEY (job_id, customer_id);
ALTER TABLE outbox DROP CONSTRAINT outbox_pkey, ADD CONSTRAINT outbox_pkey PRIMARY KEY (outbox_id, customer_id);
ALTER TABLE outbox_files DROP CONSTRAINT outbox_files_pkey,
    ADD CONSTRAINT outbox_files_pkey PRIMARY KEY (file_set, file_name, customer_id);
ALTER TABLE delivery_attempts DROP CONSTRAINT delivery_attempts_pkey,
    ADD CONSTRAINT delivery_attempts_pkey PRIMARY KEY (attempt_id, customer_id);
ALTER TABLE inbound_attachments DROP CONSTRAINT inbound_attachments_pkey,
    ADD CONSTRAINT inbound_attachments_pkey PRIMARY KEY (inbound_id, position, customer_id);
ALTER TABLE report_schedules DROP CONSTRAINT report_schedules_pkey,
    ADD CONSTRAINT report_schedules_pkey PRIMARY KEY (schedule_id, customer_id);
ALTER TABLE report_runs DROP CONSTRAINT report_runs_pkey, ADD CONSTRAINT report_runs_pkey PRIMARY KEY (run_id, customer_id);

-- One open task per name, one timer per name, one report job per schedule and one delivery per
-- key, as before: a workflow or schedule has one customer.
DROP INDEX tasks_one_open_per_name;
CREATE UNIQUE INDEX tasks_one_open_per_name ON tasks (workflow_id, name, customer_id) WHERE status IN ('open', 'claimed');
DROP INDEX jobs_one_timer_per_name;
CREATE UNIQUE INDEX jobs_one_timer_per_name ON jobs (workflow_id, name, customer_id) WHERE kind = 'timer';
DROP INDEX jobs_one_report_per_schedule;
CREATE UNIQUE INDEX jobs_one_report_per_schedule ON jobs (name, customer_id) WHERE kind = 'report';
ALTER TABLE outbox
    DROP CONSTRAINT outbox_one_per_key,
    ADD CONSTRAINT outbox_one_per_key UNIQUE NULLS NOT DISTINCT (workflow_id, dedup_key, recipient, channel, customer_id);

-- A reference is quoted alone (in a subject line, pasted into the console), so it keeps an index
-- of its own; the identity column numbers every request once, which no index can check across
-- the nodes of a cluster.
DROP INDEX workflows_reference;
CREATE INDEX workflows_reference ON workflows (reference);

-- A row's workflow (or outbox row, or schedule) is now also its customer's: a row filed under
-- another customer than its workflow's is refused.
ALTER TABLE workflow_events ADD CONSTRAINT workflow_events_workflow_id_fkey
    FOREIGN KEY (workflow_id, customer_id) REFERENCES workflows (workflow_id, customer_id) ON DELETE CASCADE;
ALTER TABLE tasks ADD CONSTRAINT tasks_workflow_id_fkey
    FOREIGN KEY (workflow_id, customer_id) REFERENCES workflows (workflow_id, customer_id) ON DELETE CASCADE;
ALTER TABLE jobs ADD CONSTRAINT jobs_workflow_id_fkey
    FOREIGN KEY (workflow_id, customer_id) REFERENCES workflows (workflow_id, customer_id) ON DELETE CASCADE;
ALTER TABLE outbox ADD CONSTRAINT outbox_workflow_id_fkey
    FOREIGN KEY (workflow_id, customer_id) REFERENCES workflows (workflow_id, customer_id) ON DELETE CASCADE;
ALTER TABLE delivery_attempts ADD CONSTRAINT delivery_attempts_outbox_id_fkey
    FOREIGN KEY (outbox_id, customer_id) REFERENCES outbox (outbox_id, customer_id) ON DELETE CASCADE;
ALTER TABLE report_runs ADD CONSTRAINT report_runs_schedule_id_fkey
    FOREIGN KEY (schedule_id, customer_id) REFERENCES report_schedules (schedule_id, customer_id);

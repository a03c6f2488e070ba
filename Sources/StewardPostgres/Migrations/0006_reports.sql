-- What a person needs beyond a task's title: the status a daily report call reads out.
ALTER TABLE tasks ADD COLUMN brief text;

-- Customers' report schedules: every customer's quarterly report (the contract's, kind 'quarterly')
-- and the custom periodic ones TAMs define (kind 'custom', their definition as JSON). Each active
-- schedule has one 'report' job, a durable timer to its next run; a deleted one keeps its row.
CREATE TABLE report_schedules (
    schedule_id uuid PRIMARY KEY,
    customer_id text NOT NULL REFERENCES customers,
    kind        text NOT NULL CHECK (kind IN ('quarterly', 'custom')),
    definition  jsonb,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL,
    deleted_at  timestamptz,
    deleted_by  text,
    CHECK ((kind = 'custom') = (definition IS NOT NULL))
);
CREATE INDEX report_schedules_customer ON report_schedules (customer_id, created_at);
CREATE UNIQUE INDEX report_schedules_one_quarterly ON report_schedules (customer_id) WHERE kind = 'quarterly';

-- Every report a schedule made, as the JSON it was sent as, for the record and for downloads.
CREATE TABLE report_runs (
    run_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schedule_id  uuid NOT NULL REFERENCES report_schedules,
    customer_id  text NOT NULL,
    period_start timestamptz NOT NULL,
    period_end   timestamptz NOT NULL,
    report       jsonb NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX report_runs_customer ON report_runs (customer_id, created_at);

-- Files an outbox row's e-mail carries, shared by the rows of one set (a report's page and tables).
CREATE TABLE outbox_files (
    file_set     bigint NOT NULL,
    file_name    text NOT NULL,
    content_type text NOT NULL,
    body         bytea NOT NULL,
    PRIMARY KEY (file_set, file_name)
);
ALTER TABLE outbox ADD COLUMN file_set bigint;

-- A notification without a workflow (a report's) is written once per key too.
ALTER TABLE outbox
    DROP CONSTRAINT outbox_workflow_id_dedup_key_recipient_channel_key,
    ADD CONSTRAINT outbox_one_per_key UNIQUE NULLS NOT DISTINCT (workflow_id, dedup_key, recipient, channel);

ALTER TABLE jobs
    DROP CONSTRAINT jobs_kind_check,
    ADD CONSTRAINT jobs_kind_check CHECK (kind IN ('timer', 'notification', 'report'));
CREATE UNIQUE INDEX jobs_one_report_per_schedule ON jobs (name) WHERE kind = 'report';

-- The customers already here get their quarterly report, first run at the end of the current
-- quarter in their own zone.
INSERT INTO report_schedules (schedule_id, customer_id, kind, created_by, created_at)
SELECT gen_random_uuid(), customer_id, 'quarterly', 'migration', now() FROM customers;
INSERT INTO jobs (customer_id, kind, name, payload, priority, run_at, created_at)
SELECT s.customer_id, 'report', s.schedule_id::text, '{}'::jsonb, 80,
       (date_trunc('quarter', now() AT TIME ZONE c.time_zone) + interval '3 months') AT TIME ZONE c.time_zone, now()
FROM report_schedules s JOIN customers c USING (customer_id);

ALTER TABLE audit_log
    DROP CONSTRAINT audit_log_action_check,
    ADD CONSTRAINT audit_log_action_check CHECK (action IN (
        'force', 'pause', 'resume', 'reassign', 'retry',
        'customer.create', 'customer.update', 'customer.deactivate',
        'contact.create', 'contact.update', 'contact.deactivate',
        'staff.create', 'staff.update', 'staff.deactivate',
        'group.create', 'group.update', 'group.deactivate',
        'duty-rota.update', 'webhook.disable', 'report-schedule.create', 'report-schedule.delete'));

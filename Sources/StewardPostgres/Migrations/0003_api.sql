-- What the HTTP API needs: bearer tokens, operators' repairs (paused workflows, the audit log)
-- and indexes that keep every list a short index walk however many requests have finished.

-- Only a token's SHA-256 is stored; the token itself is shown once, when it is created.
CREATE TABLE api_tokens (
    token_id    uuid PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE,
    role        text NOT NULL CHECK (role IN ('customer', 'engineer', 'tam', 'duty-manager', 'operator')),
    -- a customer contact's customer and name; staff roles name the staff member instead
    customer_id text REFERENCES customers,
    contact     text,
    staff_id    text REFERENCES staff,
    label       text NOT NULL,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    CHECK ((role = 'customer') = (customer_id IS NOT NULL AND contact IS NOT NULL)),
    CHECK ((role = 'customer') = (staff_id IS NULL))
);

-- A paused workflow accepts no event and its timers wait (jobs status 'paused') until it is resumed.
ALTER TABLE workflows
    ADD COLUMN paused_at    timestamptz,
    ADD COLUMN paused_by    text,
    ADD COLUMN pause_reason text;

ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check CHECK (status IN ('ready', 'running', 'dead', 'paused'));

-- Every repair an operator makes, with who, why and on what, written in the repair's transaction.
CREATE TABLE audit_log (
    audit_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text NOT NULL,
    action      text NOT NULL CHECK (action IN ('force', 'pause', 'resume', 'reassign', 'retry')),
    customer_id text,
    workflow_id uuid,
    task_id     uuid,
    job_id      bigint,
    reason      text NOT NULL,
    details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_workflow ON audit_log (workflow_id, audit_id);

-- Request lists walk these newest first (creation time, then id, both descending); the open ones
-- skip the finished.
DROP INDEX workflows_customer;
CREATE INDEX workflows_customer ON workflows (customer_id, created_at DESC, workflow_id DESC);
CREATE INDEX workflows_newest ON workflows (created_at DESC, workflow_id DESC);
CREATE INDEX workflows_customer_open ON workflows (customer_id, created_at DESC, workflow_id DESC) WHERE NOT is_terminal;
CREATE INDEX workflows_newest_open ON workflows (created_at DESC, workflow_id DESC) WHERE NOT is_terminal;
-- An engineer sees the requests that have a task for one of their groups.
CREATE INDEX tasks_workflow ON tasks (workflow_id, group_name);

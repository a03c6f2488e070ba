-- The engine's tables. Every per-request table carries customer_id so the schema can be
-- distributed by customer (Citus) later; customers, staff and groups are reference tables.

CREATE TABLE customers (
    customer_id text PRIMARY KEY,
    name        text NOT NULL,
    tier        text NOT NULL DEFAULT 'enterprise' CHECK (tier IN ('enterprise', 'standard')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff (
    staff_id   text PRIMARY KEY,
    name       text NOT NULL,
    email      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE groups (
    group_name text PRIMARY KEY,
    title      text NOT NULL
);

CREATE TABLE group_members (
    group_name text NOT NULL REFERENCES groups ON DELETE CASCADE,
    staff_id   text NOT NULL REFERENCES staff ON DELETE CASCADE,
    PRIMARY KEY (group_name, staff_id)
);

CREATE TABLE workflows (
    workflow_id        uuid PRIMARY KEY,
    customer_id        text NOT NULL REFERENCES customers,
    type               text NOT NULL,
    definition_version integer NOT NULL,
    state_name         text NOT NULL,
    state              jsonb NOT NULL,
    -- who must act next (system, group:NAME, customer, tam, nobody): drives the stuck check
    mover              text NOT NULL,
    is_terminal        boolean NOT NULL DEFAULT false,
    -- optimistic concurrency: every transition increments it (If-Match on the API)
    version            bigint NOT NULL DEFAULT 1,
    idempotency_key    text,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    state_entered_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX workflows_idempotency ON workflows (customer_id, type, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX workflows_open ON workflows (state_entered_at) WHERE NOT is_terminal;
CREATE INDEX workflows_customer ON workflows (customer_id, created_at DESC, workflow_id);

-- Append-only history; SLA figures can always be recomputed by replaying it.
CREATE TABLE workflow_events (
    workflow_id uuid NOT NULL REFERENCES workflows ON DELETE CASCADE,
    customer_id text NOT NULL,
    seq         bigint NOT NULL,
    actor       text NOT NULL,
    event       text NOT NULL,
    from_state  text,
    to_state    text NOT NULL,
    payload     jsonb NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (workflow_id, seq)
);

CREATE TABLE tasks (
    task_id          uuid PRIMARY KEY,
    workflow_id      uuid NOT NULL REFERENCES workflows ON DELETE CASCADE,
    customer_id      text NOT NULL,
    name             text NOT NULL,
    group_name       text NOT NULL,
    title            text NOT NULL,
    priority         integer NOT NULL,
    due_at           timestamptz,
    status           text NOT NULL DEFAULT 'open'
                     CHECK (status IN ('open', 'claimed', 'completed', 'cancelled')),
    claimed_by       text,
    created_at       timestamptz NOT NULL,
    claimed_at       timestamptz,
    last_activity_at timestamptz NOT NULL,
    closed_at        timestamptz,
    outcome          text
);
CREATE UNIQUE INDEX tasks_one_open_per_name ON tasks (workflow_id, name) WHERE status IN ('open', 'claimed');
CREATE INDEX tasks_queue ON tasks (group_name, priority, due_at, created_at) WHERE status IN ('open', 'claimed');

-- Each claim takes a fresh fencing token from here, so a stale worker can never match a newer claim.
CREATE SEQUENCE job_fence;

-- Only ready, running and dead jobs live here; finished jobs are deleted (their story is in
-- workflow_events and outbox), so claims stay fast however many workflows have finished.
CREATE TABLE jobs (
    job_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  text NOT NULL,
    workflow_id  uuid REFERENCES workflows ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('timer', 'notification')),
    -- the timer's name, or the notification's outbox id
    name         text NOT NULL,
    payload      jsonb NOT NULL,
    priority     smallint NOT NULL DEFAULT 100,
    run_at       timestamptz NOT NULL,
    status       text NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'running', 'dead')),
    attempts     integer NOT NULL DEFAULT 0,
    fence        bigint,
    locked_by    text,
    locked_until timestamptz,
    lease_losses integer NOT NULL DEFAULT 0,
    last_error   text,
    created_at   timestamptz NOT NULL
);
CREATE INDEX jobs_ready ON jobs (priority, run_at) WHERE status = 'ready';
CREATE INDEX jobs_next_due ON jobs (run_at) WHERE status = 'ready';
CREATE INDEX jobs_leases ON jobs (locked_until) WHERE status = 'running';
CREATE INDEX jobs_dead ON jobs (job_id) WHERE status = 'dead';
CREATE INDEX jobs_workflow ON jobs (workflow_id);
CREATE UNIQUE INDEX jobs_one_timer_per_name ON jobs (workflow_id, name) WHERE kind = 'timer';
-- The claimed table churns: vacuum it early and often.
ALTER TABLE jobs SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 200,
                      autovacuum_analyze_scale_factor = 0.02, fillfactor = 70);

-- The transactional outbox: written with the transition, delivered at least once by workers.
CREATE TABLE outbox (
    outbox_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  text NOT NULL,
    workflow_id  uuid REFERENCES workflows ON DELETE CASCADE,
    recipient    text NOT NULL,
    channel      text NOT NULL CHECK (channel IN ('email', 'phone', 'portal')),
    template     text NOT NULL,
    fields       jsonb NOT NULL,
    dedup_key    text NOT NULL,
    -- a message whose delivery job died stays pending; the dead job shows in `steward stuck`
    status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
    created_at   timestamptz NOT NULL,
    sent_at      timestamptz,
    UNIQUE (workflow_id, dedup_key, recipient, channel)
);

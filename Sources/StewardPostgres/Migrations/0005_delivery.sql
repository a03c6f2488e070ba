-- Notifications that reach people: requests get a reference people can quote, every delivery by
-- e-mail or webhook keeps its attempts, webhook endpoints can be disabled by their answers, and
-- mail received is recorded whatever became of it.

-- A request's reference as people quote it (MSA-2026-000123): a number per request in filing order.
ALTER TABLE workflows ADD COLUMN reference bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX workflows_reference ON workflows (reference);

-- One outbox row per delivery: a contact's e-mail, a staff member's e-mail or one webhook endpoint.
-- 'failed' is a permanent refusal (its job is dead and shows in `steward stuck`); 'bounced' came
-- back as a DSN after the server accepted it; 'skipped' had nobody left to deliver to.
ALTER TABLE outbox
    DROP CONSTRAINT outbox_channel_check,
    ADD CONSTRAINT outbox_channel_check CHECK (channel IN ('email', 'phone', 'portal', 'webhook')),
    DROP CONSTRAINT outbox_status_check,
    ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sent', 'failed', 'bounced', 'skipped'));
CREATE INDEX outbox_workflow ON outbox (workflow_id, outbox_id);

-- Every attempt at a delivery and what the far side answered.
CREATE TABLE delivery_attempts (
    attempt_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id   bigint NOT NULL REFERENCES outbox ON DELETE CASCADE,
    customer_id text NOT NULL,
    at          timestamptz NOT NULL,
    worker      text NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed', 'skipped', 'bounced')),
    detail      text NOT NULL
);
CREATE INDEX delivery_attempts_outbox ON delivery_attempts (outbox_id, attempt_id);

-- An endpoint that answered 410, or failed past its retry horizon, is disabled until an operator
-- turns it on again; why is kept for them.
ALTER TABLE webhook_endpoints
    ADD COLUMN disabled_at timestamptz,
    ADD COLUMN disabled_reason text;

-- Mail gateways (`steward mail receive`, POST /v1/inbound-mail) sign in with their own role, which
-- names neither a customer nor a staff member.
ALTER TABLE api_tokens
    DROP CONSTRAINT api_tokens_role_check,
    ADD CONSTRAINT api_tokens_role_check CHECK (role IN ('customer', 'engineer', 'tam', 'duty-manager', 'operator', 'inbound-mail'));
DO $$
DECLARE
    staff_rule text;
BEGIN
    SELECT conname INTO staff_rule FROM pg_constraint
    WHERE conrelid = 'api_tokens'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%staff_id IS NULL%';
    EXECUTE format('ALTER TABLE api_tokens DROP CONSTRAINT %I', staff_rule);
END $$;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_staff_named CHECK ((role IN ('customer', 'inbound-mail')) = (staff_id IS NULL));

-- Every message received, whatever became of it: filed, a reply threaded to its request, a bounce
-- that marked its delivery, or refused with the reason. The Message-ID makes a second delivery of
-- the same message a no-op.
CREATE TABLE inbound_mail (
    inbound_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id  text NOT NULL UNIQUE,
    received_at timestamptz NOT NULL,
    sender      text,
    subject     text NOT NULL,
    size_bytes  integer NOT NULL,
    -- the new text of the message (quoted history stripped), kept even when it was refused
    body        text NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('filed', 'replied', 'bounce', 'refused')),
    reason      text NOT NULL,
    customer_id text,
    contact_id  text,
    workflow_id uuid REFERENCES workflows ON DELETE SET NULL,
    outbox_id   bigint REFERENCES outbox ON DELETE SET NULL
);
CREATE INDEX inbound_mail_received ON inbound_mail (received_at DESC, inbound_id DESC);

-- Attachments of mail received are stored, never opened; a request's history refers to them by id.
CREATE TABLE inbound_attachments (
    inbound_id   bigint NOT NULL REFERENCES inbound_mail ON DELETE CASCADE,
    position     integer NOT NULL,
    customer_id  text NOT NULL,
    filename     text NOT NULL,
    content_type text NOT NULL,
    size_bytes   integer NOT NULL,
    sha256       text NOT NULL,
    content      bytea NOT NULL,
    PRIMARY KEY (inbound_id, position)
);

-- `steward dev` delivers e-mail here instead of to an SMTP server, for `steward mail list|show`.
CREATE TABLE captured_mail (
    captured_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id   bigint REFERENCES outbox ON DELETE SET NULL,
    captured_at timestamptz NOT NULL,
    sender      text NOT NULL,
    recipients  text[] NOT NULL,
    subject     text NOT NULL,
    message     bytea NOT NULL
);

-- A delivery that disables an endpoint is a directory change like an operator's, and audited so.
ALTER TABLE audit_log
    DROP CONSTRAINT audit_log_action_check,
    ADD CONSTRAINT audit_log_action_check CHECK (action IN (
        'force', 'pause', 'resume', 'reassign', 'retry',
        'customer.create', 'customer.update', 'customer.deactivate',
        'contact.create', 'contact.update', 'contact.deactivate',
        'staff.create', 'staff.update', 'staff.deactivate',
        'group.create', 'group.update', 'group.deactivate',
        'duty-rota.update', 'webhook.disable'));

-- The people of the contract as data that operators manage: customers' contracts, their contacts,
-- staff with away periods, groups and the duty rota. People are deactivated, never deleted, so
-- history stays readable. customers, staff, groups and the rota are reference tables; contacts and
-- webhook endpoints are per customer.

ALTER TABLE customers
    ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC',
    ADD COLUMN contract_end date,
    ADD COLUMN active boolean NOT NULL DEFAULT true,
    ADD CONSTRAINT customers_contract_ends_after_start CHECK (contract_end IS NULL OR contract_end >= contract_start);

CREATE TABLE contacts (
    customer_id      text NOT NULL REFERENCES customers,
    contact_id       text NOT NULL,
    name             text NOT NULL,
    email            text NOT NULL,
    phone            text,
    language         text NOT NULL DEFAULT 'en',
    -- notification kind → channel ('email', 'webhook', 'none'); a kind not named goes by e-mail
    notifications    jsonb NOT NULL DEFAULT '{}',
    licence_acceptor boolean NOT NULL DEFAULT false,
    active           boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (customer_id, contact_id)
);

CREATE TABLE webhook_endpoints (
    customer_id text NOT NULL REFERENCES customers,
    endpoint_id text NOT NULL,
    url         text NOT NULL,
    -- whsec_…; a second secret is valid too while the customer rotates
    secrets     text[] NOT NULL,
    kinds       text[] NOT NULL,
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (customer_id, endpoint_id)
);

ALTER TABLE staff
    ADD COLUMN phone text,
    ADD COLUMN active boolean NOT NULL DEFAULT true,
    DROP COLUMN away;

-- A staff member away from `starts_at` up to `ends_at`: a TAM away is stood in for by the duty
-- manager for exactly that time.
CREATE TABLE staff_away (
    staff_id  text NOT NULL REFERENCES staff,
    starts_at timestamptz NOT NULL,
    ends_at   timestamptz NOT NULL CHECK (ends_at > starts_at),
    PRIMARY KEY (staff_id, starts_at)
);

ALTER TABLE groups ADD COLUMN active boolean NOT NULL DEFAULT true;

-- Duty managers' shifts; the fallback is on duty whenever no shift covers the instant.
CREATE TABLE duty_shifts (
    staff_id  text NOT NULL REFERENCES staff,
    starts_at timestamptz NOT NULL,
    ends_at   timestamptz NOT NULL CHECK (ends_at > starts_at),
    PRIMARY KEY (staff_id, starts_at)
);

CREATE TABLE duty_fallback (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    staff_id text NOT NULL REFERENCES staff
);

-- Directory changes are audited like repairs, with the record before and after.
ALTER TABLE audit_log
    DROP CONSTRAINT audit_log_action_check,
    ADD CONSTRAINT audit_log_action_check CHECK (action IN (
        'force', 'pause', 'resume', 'reassign', 'retry',
        'customer.create', 'customer.update', 'customer.deactivate',
        'contact.create', 'contact.update', 'contact.deactivate',
        'staff.create', 'staff.update', 'staff.deactivate',
        'group.create', 'group.update', 'group.deactivate',
        'duty-rota.update')),
    ADD COLUMN before jsonb,
    ADD COLUMN after jsonb;
CREATE INDEX audit_log_customer ON audit_log (customer_id, audit_id);

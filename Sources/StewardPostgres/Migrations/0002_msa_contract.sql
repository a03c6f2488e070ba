-- What routing and the MSA request types need to know about customers and staff.

-- Each customer's TAM, support calendar (from calendars.yaml), contract start (health-check years)
-- and how they want the daily severity-1 report.
ALTER TABLE customers
    ADD COLUMN tam_id text REFERENCES staff,
    ADD COLUMN support_calendar text NOT NULL DEFAULT 'berlin-support',
    ADD COLUMN contract_start date NOT NULL DEFAULT current_date,
    ADD COLUMN daily_report_via text NOT NULL DEFAULT 'email' CHECK (daily_report_via IN ('email', 'phone'));

-- A TAM is reachable inside their calendar (from calendars.yaml) when not away.
ALTER TABLE staff
    ADD COLUMN calendar text NOT NULL DEFAULT '24x7',
    ADD COLUMN away boolean NOT NULL DEFAULT false;

-- The role a message was addressed to (tam-or-duty-manager) when routing chose the person in
-- recipient, and why, so the history can say who was told and why them.
ALTER TABLE outbox
    ADD COLUMN addressed_to text,
    ADD COLUMN routing_reason text;

-- Signed-in browsers of the console (staff) and the portal (customers' contacts). A session is
-- opened with an API token or a one-time sign-in link; the cookie holds a random secret of which
-- only the SHA-256 is stored, like tokens. A session ends when signed out, when its holder's
-- sessions are revoked, when the token it was opened with is revoked, or after it has been idle
-- (or open) too long.
CREATE TABLE web_sessions (
    session_id   uuid PRIMARY KEY,
    secret_hash  bytea NOT NULL UNIQUE,
    area         text NOT NULL CHECK (area IN ('console', 'portal')),
    role         text NOT NULL CHECK (role IN ('customer', 'engineer', 'tam', 'duty-manager', 'operator')),
    customer_id  text REFERENCES customers,
    contact      text,
    staff_id     text REFERENCES staff,
    -- the token the session was opened with; null when opened with a sign-in link
    token_id     uuid REFERENCES api_tokens,
    -- every form of the session carries it; a form posted without it is refused
    csrf_token   text NOT NULL,
    -- the zone the person's pages show times in: their customer's, or their own calendar's
    time_zone    text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    idle_until   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    ended_at     timestamptz,
    end_reason   text CHECK (end_reason IN ('signed-out', 'revoked')),
    CHECK ((role = 'customer') = (customer_id IS NOT NULL AND contact IS NOT NULL)),
    CHECK ((role = 'customer') = (staff_id IS NULL)),
    CHECK ((area = 'portal') = (role = 'customer')),
    CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
-- Revoking a person's sessions finds them by person.
CREATE INDEX web_sessions_staff ON web_sessions (staff_id) WHERE ended_at IS NULL AND staff_id IS NOT NULL;
CREATE INDEX web_sessions_contact ON web_sessions (customer_id, contact) WHERE ended_at IS NULL AND contact IS NOT NULL;
CREATE INDEX web_sessions_token ON web_sessions (token_id) WHERE ended_at IS NULL AND token_id IS NOT NULL;

-- One-time sign-in links an operator issues (`steward sign-in-link`): only the secret's SHA-256
-- is stored, a link opens one session and then is spent, and it expires unused.
CREATE TABLE sign_in_links (
    link_id      uuid PRIMARY KEY,
    secret_hash  bytea NOT NULL UNIQUE,
    role         text NOT NULL CHECK (role IN ('customer', 'engineer', 'tam', 'duty-manager', 'operator')),
    customer_id  text REFERENCES customers,
    contact      text,
    staff_id     text REFERENCES staff,
    issued_by    text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    session_id   uuid REFERENCES web_sessions,
    CHECK ((role = 'customer') = (customer_id IS NOT NULL AND contact IS NOT NULL)),
    CHECK ((role = 'customer') = (staff_id IS NULL)),
    CHECK ((used_at IS NULL) = (session_id IS NULL))
);

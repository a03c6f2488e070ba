-- The first answer to each POST sent with an Idempotency-Key, per caller, so a retry gets it again
-- instead of doing the work twice. A key is reserved ('started') before the work runs; the work's
-- own transaction marks it 'committed', so a retry after a lost COMMIT answer can tell whether the
-- work happened; the answer is kept once sent ('answered'). Keys expire after 24 hours.
CREATE TABLE idempotency_keys (
    principal    text NOT NULL,
    key          text NOT NULL,
    fingerprint  bytea NOT NULL,
    attempt      uuid NOT NULL,
    state        text NOT NULL CHECK (state IN ('started', 'committed', 'answered')),
    started_at   timestamptz NOT NULL,
    created_at   timestamptz NOT NULL,
    status       int,
    content_type text,
    etag         text,
    location     text,
    body         bytea,
    PRIMARY KEY (principal, key),
    CHECK ((state = 'answered') = (status IS NOT NULL))
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (principal, created_at);

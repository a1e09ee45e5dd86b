-- Payments through Stripe (docs/payments.md).
--
-- waqup_payment_customers: the Stripe customer of each user, created once by the user's billing grain, so that an
-- event naming only a customer (an invoice, a refund) finds its user.
CREATE TABLE IF NOT EXISTS waqup_payment_customers (
    customer_id text        PRIMARY KEY,
    user_id     text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL
);

-- waqup_payment_events: every webhook event received, once per Stripe event id (the primary key is what makes a
-- duplicate delivery, however concurrent, change nothing). handled_at is set once the event's effects are applied;
-- an event recorded but not handled (a crash in between, or one that could not be attributed yet) is handled again
-- when Stripe delivers it again, and its effects, keyed by the Stripe object in the credit ledger, apply once.
--
--   outcome   applied, already_handled, ignored
CREATE TABLE IF NOT EXISTS waqup_payment_events (
    event_id    text        PRIMARY KEY,
    type        text        NOT NULL,
    created     timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    handled_at  timestamptz,
    outcome     text,
    user_id     text
);

CREATE INDEX IF NOT EXISTS waqup_payment_events_unhandled ON waqup_payment_events (received_at) WHERE handled_at IS NULL;

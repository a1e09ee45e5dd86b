-- Settled credit entries, copied here by the credit grains so that their own state stays small (a balance, the
-- open reservations, and entries not yet copied). A grain copies an entry after the state write that applied it
-- and drops it from its state only once this table holds it; a copy made twice is a no-op (the primary key), so a
-- crash between the two writes neither loses an entry nor applies it again.
--
--   entry_id  "<operation id>:<kind>", unique per user: whether an operation was applied is a look-up here.
--   seq       the grain's own count of entries, from 1: the order in which they were applied, and the cursor
--             that pages through them.
--   kind      grant, reserve, commit, refund, purchase, ..., and refusal: a reservation refused for want of
--             credits (amount 0), kept so that its retry is refused again; it is not listed to the user.
CREATE TABLE IF NOT EXISTS waqup_credit_ledger (
    user_id  text        NOT NULL,
    entry_id text        NOT NULL,
    seq      bigint      NOT NULL CHECK (seq > 0),
    kind     text        NOT NULL,
    amount   integer     NOT NULL,
    at       timestamptz NOT NULL,
    reason   text        NOT NULL,
    PRIMARY KEY (user_id, entry_id)
);

CREATE UNIQUE INDEX IF NOT EXISTS waqup_credit_ledger_by_seq ON waqup_credit_ledger (user_id, seq);

-- Plays (docs/plays.md): one row per counted play, written once by the listener's grain when the play reaches half
-- the ritual or two minutes; completed_at and reward set once when it completes. Analytics, a pack's play count,
-- co-plays for recommendations and the return bonus read it.
--   pack_id, creator_id  the pack the listener plays the ritual through and its creator; null for a person's own
--                        ritual outside any pack they sell (such plays earn nothing and count in no analytics)
--   day                  the UTC day the play counted on
--   reward               credits the creator earned for this completion (0: none, e.g. already rewarded that day)
CREATE TABLE IF NOT EXISTS waqup_plays (
    play_id      text        PRIMARY KEY,
    user_id      text        NOT NULL,
    ritual_id    text        NOT NULL,
    pack_id      text,
    creator_id   text,
    day          date        NOT NULL,
    counted_at   timestamptz NOT NULL,
    completed_at timestamptz,
    reward       integer     NOT NULL DEFAULT 0 CHECK (reward >= 0)
);

CREATE INDEX IF NOT EXISTS waqup_plays_by_user ON waqup_plays (user_id, counted_at DESC);
CREATE INDEX IF NOT EXISTS waqup_plays_by_pack ON waqup_plays (pack_id, user_id) WHERE pack_id IS NOT NULL;

-- waQup's own catalog of rituals, kept up to date by the ritual grains; libraries and search read it.
CREATE TABLE IF NOT EXISTS waqup_rituals (
    ritual_id   text        PRIMARY KEY,
    owner_id    text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('affirmation', 'meditation', 'ritual')),
    title       text        NOT NULL,
    duration_ms bigint      NOT NULL CHECK (duration_ms >= 0),
    created_at  timestamptz NOT NULL,
    is_public   boolean     NOT NULL DEFAULT false,
    script      text        NOT NULL,
    search      tsvector    GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || script)) STORED
);

CREATE INDEX IF NOT EXISTS waqup_rituals_by_owner ON waqup_rituals (owner_id, created_at DESC);
CREATE INDEX IF NOT EXISTS waqup_rituals_search ON waqup_rituals USING gin (search);

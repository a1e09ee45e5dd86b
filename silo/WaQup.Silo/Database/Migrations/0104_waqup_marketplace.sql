-- The marketplace (docs/marketplace.md): creators, their packs, who owns which, ratings, and each creator's days.
-- Grains own the truth (creator grain: profile; pack grain: the pack; a listener's purchases grain: what they bought);
-- these tables are the copies they keep up to date, for the queries that span grains: the catalog, access to a
-- pack's rituals, libraries, analytics.

-- One row per creator. creator_id is public (profiles, pack pages); the user id behind it never leaves the server.
CREATE TABLE IF NOT EXISTS waqup_creators (
    creator_id   text        PRIMARY KEY,
    user_id      text        NOT NULL UNIQUE,
    display_name text        NOT NULL,
    bio          text        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- One row per pack, drafts included (the catalog reads published ones only).
--   tags_text    the tags joined by spaces: a generated column cannot call array_to_string (not immutable)
--   script_text  the scripts of the pack's rituals, in order, so that the catalog finds a pack by a word its rituals say
--   kinds        the kinds of its rituals (the catalog's kind filter); total_ms their length together (max_minutes)
--   published_at its first publication ("new" sorts by it; unpublishing and publishing again keeps it)
--   search       English stems, weighted: title A, tags B, description C, script D
--   words        the same words unstemmed ('simple'), for prefix matching while someone types: a stem is not a
--                prefix of what was typed ("medita" is not a prefix of the stem "medit")
CREATE TABLE IF NOT EXISTS waqup_packs (
    pack_id         text        PRIMARY KEY,
    creator_id      text        NOT NULL,
    creator_user_id text        NOT NULL,
    title           text        NOT NULL,
    description     text        NOT NULL,
    tags            text[]      NOT NULL,
    tags_text       text        NOT NULL,
    price_credits   integer     NOT NULL CHECK (price_credits >= 0),
    status          text        NOT NULL CHECK (status IN ('draft', 'published', 'unpublished')),
    kinds           text[]      NOT NULL,
    total_ms        bigint      NOT NULL CHECK (total_ms >= 0),
    ritual_count    integer     NOT NULL CHECK (ritual_count >= 0),
    script_text     text        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    published_at    timestamptz,
    plays           bigint      NOT NULL DEFAULT 0,
    purchases       bigint      NOT NULL DEFAULT 0,
    rating_sum      bigint      NOT NULL DEFAULT 0,
    rating_count    bigint      NOT NULL DEFAULT 0,
    rating          real        GENERATED ALWAYS AS (CASE WHEN rating_count = 0 THEN NULL ELSE rating_sum::real / rating_count END) STORED,
    search          tsvector    GENERATED ALWAYS AS (
                        setweight(to_tsvector('english', title), 'A') ||
                        setweight(to_tsvector('english', tags_text), 'B') ||
                        setweight(to_tsvector('english', description), 'C') ||
                        setweight(to_tsvector('english', script_text), 'D')) STORED,
    words           tsvector    GENERATED ALWAYS AS (
                        setweight(to_tsvector('simple', title), 'A') ||
                        setweight(to_tsvector('simple', tags_text), 'B') ||
                        setweight(to_tsvector('simple', description), 'C') ||
                        setweight(to_tsvector('simple', script_text), 'D')) STORED
);

-- The two vectors stay in the row when they can (MAIN: compressed if need be, moved out last), the script text goes to
-- TOAST first: the catalog tests the vectors of every row its sort index walk passes, and a vector fetched from TOAST
-- costs an index lookup per row (at 100,000 packs, a rare word sorted by newness read 20,545 buffers with the vectors
-- out of line, 2,462 with them in the row).
ALTER TABLE waqup_packs ALTER COLUMN search SET STORAGE MAIN, ALTER COLUMN words SET STORAGE MAIN;

CREATE INDEX IF NOT EXISTS waqup_packs_by_creator ON waqup_packs (creator_id, created_at DESC);
CREATE INDEX IF NOT EXISTS waqup_packs_search ON waqup_packs USING gin (search) WHERE status = 'published';
CREATE INDEX IF NOT EXISTS waqup_packs_words ON waqup_packs USING gin (words) WHERE status = 'published';
CREATE INDEX IF NOT EXISTS waqup_packs_tags ON waqup_packs USING gin (tags) WHERE status = 'published';
CREATE INDEX IF NOT EXISTS waqup_packs_new ON waqup_packs (published_at DESC, pack_id DESC) WHERE status = 'published';
-- "popular" orders by plays, then purchases (the catalog's sort and its cursor), then id.
CREATE INDEX IF NOT EXISTS waqup_packs_popular ON waqup_packs (plays DESC, purchases DESC, pack_id DESC) WHERE status = 'published';
CREATE INDEX IF NOT EXISTS waqup_packs_rating ON waqup_packs (rating DESC NULLS LAST, pack_id DESC) WHERE status = 'published';

-- The rituals of each pack, in order. By ritual too: may this caller play this ritual, through which pack?
CREATE TABLE IF NOT EXISTS waqup_pack_rituals (
    pack_id   text    NOT NULL,
    ritual_id text    NOT NULL,
    position  integer NOT NULL,
    PRIMARY KEY (pack_id, ritual_id)
);

CREATE INDEX IF NOT EXISTS waqup_pack_rituals_by_ritual ON waqup_pack_rituals (ritual_id);

-- Who owns which pack: one row per (pack, listener), written once by the listener's purchase, whatever is retried.
CREATE TABLE IF NOT EXISTS waqup_pack_owners (
    pack_id         text        NOT NULL,
    user_id         text        NOT NULL,
    purchased_at    timestamptz NOT NULL,
    credits_charged integer     NOT NULL CHECK (credits_charged >= 0),
    PRIMARY KEY (pack_id, user_id)
);

CREATE INDEX IF NOT EXISTS waqup_pack_owners_by_user ON waqup_pack_owners (user_id, purchased_at DESC);

-- One rating per owner and pack; the last one stands.
CREATE TABLE IF NOT EXISTS waqup_pack_ratings (
    pack_id  text        NOT NULL,
    user_id  text        NOT NULL,
    stars    smallint    NOT NULL CHECK (stars BETWEEN 1 AND 5),
    rated_at timestamptz NOT NULL,
    PRIMARY KEY (pack_id, user_id)
);

-- A creator's day (UTC): what GET /v1/me/creator/analytics reads.
CREATE TABLE IF NOT EXISTS waqup_creator_days (
    creator_id     text    NOT NULL,
    day            date    NOT NULL,
    plays          bigint  NOT NULL DEFAULT 0,
    completions    bigint  NOT NULL DEFAULT 0,
    purchases      bigint  NOT NULL DEFAULT 0,
    credits_earned bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (creator_id, day)
);

-- One row per provider call: what it consumed, its cost estimated from the price table (Costs:Prices) when it was
-- made, and whom it served. Written in batches by each node's cost writer; id is given when the call is recorded, so
-- a batch written again after an answer that was lost is skipped row by row (ON CONFLICT (id) DO NOTHING).
--
--   operation     script, extraction, speech, recognition
--   model         the model (or, for the embedded voices, the voice) the price was looked up by; '' when none
--   cost          in currency, at the prices of the day: a later change of prices does not rewrite history
--   ritual_id     the ritual the call served; null for replies, questions and recognition
CREATE TABLE IF NOT EXISTS waqup_provider_costs (
    id            uuid             PRIMARY KEY,
    at            timestamptz      NOT NULL,
    provider      text             NOT NULL,
    model         text             NOT NULL,
    operation     text             NOT NULL,
    input_tokens  bigint           NOT NULL CHECK (input_tokens >= 0),
    output_tokens bigint           NOT NULL CHECK (output_tokens >= 0),
    characters    bigint           NOT NULL CHECK (characters >= 0),
    audio_seconds double precision NOT NULL CHECK (audio_seconds >= 0),
    cost          numeric(20, 10)  NOT NULL CHECK (cost >= 0),
    currency      text             NOT NULL,
    user_id       text,
    session_id    text,
    ritual_id     text
);

CREATE INDEX IF NOT EXISTS waqup_provider_costs_by_time ON waqup_provider_costs (at);
CREATE INDEX IF NOT EXISTS waqup_provider_costs_by_ritual ON waqup_provider_costs (ritual_id) WHERE ritual_id IS NOT NULL;
-- The report's minutes are rituals saved in a window.
CREATE INDEX IF NOT EXISTS waqup_rituals_by_time ON waqup_rituals (created_at);

-- Orleans ADO.NET grain persistence: the grain state table, its write function and every persistence query key in OrleansQuery.
--
-- Contract (Microsoft.Orleans.Persistence.AdoNet 10.x, see AdoNetGrainStorage):
--   * A grain state is identified by (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString,
--     GrainIdExtensionString, ServiceId); the hashes are only there to make look-ups cheap.
--     GrainIdExtensionString is NULL for plain Guid/integer keys and holds the key for string-keyed grains.
--   * "version" is the grain etag (@GrainStateVersion). A write/clear/delete only succeeds if the caller's
--     version is still current; a NULL version means "I saw no row" and only succeeds by inserting version 1.
--   * ReadFromStorageKey returns columns PayloadBinary and Version (no row = no state).
--   * WriteToStorageKey returns one row with column NewGrainStateVersion; ClearStorageKey / DeleteStorageKey
--     return the new version in their first column, or no row on conflict. Orleans throws
--     InconsistentStateException when the returned version is unchanged, NULL/empty, or missing.
--   * ClearStorageKey keeps the row (payload NULL, version + 1); DeleteStorageKey (used when
--     AdoNetGrainStorageOptions.DeleteStateOnClear = true) removes it and returns version + 1.
-- Requires PostgreSQL 9.5+. Idempotent: safe to run again.

CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring text         NULL,
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea        NULL,
    modifiedon             timestamptz  NOT NULL DEFAULT now(),
    version                integer      NULL
);

CREATE INDEX IF NOT EXISTS ix_orleansstorage_grainidhash_graintypehash
    ON orleansstorage (grainidhash, graintypehash);

-- Writes a grain state with optimistic concurrency and returns the version the grain should now hold:
--   p_grainstateversion = N    -> row updated only if its version is still N; returns N + 1, or N when the
--                                 row changed / vanished meanwhile (Orleans then reports a version conflict).
--   p_grainstateversion = NULL -> first write: inserts version 1 unless a row already exists; returns 1,
--                                 or NULL when another activation got there first (version conflict).
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grainidhash            integer,
    p_grainidn0              bigint,
    p_grainidn1              bigint,
    p_graintypehash          integer,
    p_graintypestring        text,
    p_grainidextensionstring text,
    p_serviceid              text,
    p_grainstateversion      integer,
    p_payloadbinary          bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    IF p_grainstateversion IS NOT NULL THEN
        UPDATE orleansstorage AS s
           SET payloadbinary = p_payloadbinary,
               modifiedon = now(),
               version = s.version + 1
         WHERE s.grainidhash = p_grainidhash
           AND s.graintypehash = p_graintypehash
           AND s.grainidn0 = p_grainidn0
           AND s.grainidn1 = p_grainidn1
           AND s.graintypestring = p_graintypestring
           AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
           AND s.serviceid = p_serviceid
           AND s.version = p_grainstateversion;
        IF FOUND THEN
            RETURN p_grainstateversion + 1;
        END IF;
        RETURN p_grainstateversion;
    END IF;

    -- There is no unique key over the (long, partly nullable) identity, so serialise concurrent first
    -- writers of the same grain with a transaction-scoped advisory lock; the existence check below runs
    -- with a fresh snapshot and therefore sees a row committed by whoever held the lock before us.
    PERFORM pg_advisory_xact_lock(p_grainidhash, p_graintypehash);

    INSERT INTO orleansstorage
        (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
         grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
    SELECT p_grainidhash, p_grainidn0, p_grainidn1, p_graintypehash, p_graintypestring,
           p_grainidextensionstring, p_serviceid, p_payloadbinary, now(), 1
     WHERE NOT EXISTS
           (SELECT 1
              FROM orleansstorage AS s
             WHERE s.grainidhash = p_grainidhash
               AND s.graintypehash = p_graintypehash
               AND s.grainidn0 = p_grainidn0
               AND s.grainidn1 = p_grainidn1
               AND s.graintypestring = p_graintypestring
               AND s.grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
               AND s.serviceid = p_serviceid);
    IF FOUND THEN
        RETURN 1;
    END IF;
    RETURN NULL;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext)
VALUES
(
    'WriteToStorageKey',
    $q$
    SELECT orleans_storage_write(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS newgrainstateversion;
    $q$
),
(
    'ReadFromStorageKey',
    $q$
    SELECT payloadbinary, version
      FROM orleansstorage
     WHERE grainidhash = @GrainIdHash
       AND graintypehash = @GrainTypeHash
       AND grainidn0 = @GrainIdN0
       AND grainidn1 = @GrainIdN1
       AND graintypestring = @GrainTypeString
       AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
       AND serviceid = @ServiceId;
    $q$
),
(
    -- Clear keeps the row as a tombstone (NULL payload) so the version keeps increasing.
    'ClearStorageKey',
    $q$
    UPDATE orleansstorage
       SET payloadbinary = NULL,
           modifiedon = now(),
           version = version + 1
     WHERE grainidhash = @GrainIdHash
       AND graintypehash = @GrainTypeHash
       AND grainidn0 = @GrainIdN0
       AND grainidn1 = @GrainIdN1
       AND graintypestring = @GrainTypeString
       AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
       AND serviceid = @ServiceId
       AND version = @GrainStateVersion
    RETURNING version AS newgrainstateversion;
    $q$
),
(
    -- Delete-on-clear: the returned version + 1 only tells Orleans that the delete happened.
    'DeleteStorageKey',
    $q$
    DELETE FROM orleansstorage
     WHERE grainidhash = @GrainIdHash
       AND graintypehash = @GrainTypeHash
       AND grainidn0 = @GrainIdN0
       AND grainidn1 = @GrainIdN1
       AND graintypestring = @GrainTypeString
       AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
       AND serviceid = @ServiceId
       AND version = @GrainStateVersion
    RETURNING version + 1 AS newgrainstateversion;
    $q$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

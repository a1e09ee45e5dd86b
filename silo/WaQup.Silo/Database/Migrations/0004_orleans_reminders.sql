-- Orleans ADO.NET reminders: the reminders table and every reminder query key in OrleansQuery.
--
-- Contract (Microsoft.Orleans.Reminders.AdoNet 10.x, see RelationalOrleansQueries):
--   * A reminder is keyed by (ServiceId, GrainId, ReminderName); GrainId is GrainId.ToString().
--   * "version" is the reminder etag: 0 on insert, + 1 on every upsert. UpsertReminderRowKey returns it in a
--     column named Version; DeleteReminderRowKey deletes only when @Version still matches and returns one
--     column, > 0 = deleted.
--   * Read queries return GrainId, ReminderName, StartTime, Period (milliseconds, bigint) and Version.
--   * GrainHash / @BeginHash / @EndHash are the grain's uint ring hash cast to a signed int. Orleans picks
--     ReadRangeRows1Key when (int)begin < (int)end (range (begin, end]) and ReadRangeRows2Key otherwise
--     (the range wraps around: hash > begin OR hash <= end), so both compare in signed order.
-- Requires PostgreSQL 9.5+. Idempotent: safe to run again.

CREATE TABLE IF NOT EXISTS orleansreminderstable
(
    serviceid    varchar(150)   NOT NULL,
    grainid      varchar(1024)  NOT NULL,
    remindername varchar(255)   NOT NULL,
    starttime    timestamptz(3) NOT NULL,
    period       bigint         NOT NULL,
    grainhash    integer        NOT NULL,
    version      integer        NOT NULL,

    CONSTRAINT pk_orleansreminderstable PRIMARY KEY (serviceid, grainid, remindername)
);

-- Serves the ring-range scans every silo's reminder service runs for the hash ranges it owns.
CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_serviceid_grainhash
    ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext)
VALUES
(
    'UpsertReminderRowKey',
    $q$
    INSERT INTO orleansreminderstable AS r
        (serviceid, grainid, remindername, starttime, period, grainhash, version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
       SET starttime = EXCLUDED.starttime,
           period = EXCLUDED.period,
           grainhash = EXCLUDED.grainhash,
           version = r.version + 1
    RETURNING r.version AS version;
    $q$
),
(
    'ReadReminderRowsKey',
    $q$
    SELECT grainid, remindername, starttime, period, version
      FROM orleansreminderstable
     WHERE serviceid = @ServiceId
       AND grainid = @GrainId;
    $q$
),
(
    'ReadReminderRowKey',
    $q$
    SELECT grainid, remindername, starttime, period, version
      FROM orleansreminderstable
     WHERE serviceid = @ServiceId
       AND grainid = @GrainId
       AND remindername = @ReminderName;
    $q$
),
(
    -- Non-wrapping range (begin, end].
    'ReadRangeRows1Key',
    $q$
    SELECT grainid, remindername, starttime, period, version
      FROM orleansreminderstable
     WHERE serviceid = @ServiceId
       AND grainhash > @BeginHash
       AND grainhash <= @EndHash;
    $q$
),
(
    -- Wrapping range: (begin, max] plus [min, end]; begin = end means the whole ring.
    'ReadRangeRows2Key',
    $q$
    SELECT grainid, remindername, starttime, period, version
      FROM orleansreminderstable
     WHERE serviceid = @ServiceId
       AND (grainhash > @BeginHash OR grainhash <= @EndHash);
    $q$
),
(
    'DeleteReminderRowKey',
    $q$
    WITH removed AS (
        DELETE FROM orleansreminderstable
         WHERE serviceid = @ServiceId
           AND grainid = @GrainId
           AND remindername = @ReminderName
           AND version = @Version
        RETURNING 1
    )
    SELECT count(*)::integer AS deleted FROM removed;
    $q$
),
(
    'DeleteReminderRowsKey',
    $q$
    DELETE FROM orleansreminderstable
     WHERE serviceid = @ServiceId;
    $q$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

-- Orleans ADO.NET clustering: silo membership tables, their write functions and every clustering query key in OrleansQuery.
--
-- Contract (Microsoft.Orleans.Clustering.AdoNet 10.x, see RelationalOrleansQueries / DbStoredQueries):
--   * One row per cluster (DeploymentId = ClusterOptions.ClusterId) in orleansmembershipversiontable; its
--     "version" is the table etag. Every membership insert/update must bump it, and only if the caller's
--     @Version still matches; otherwise nothing may change and the query returns 0.
--   * Insert/update/version-insert queries return exactly one column: > 0 = success, 0 = failure.
--   * Read queries start from the version row (LEFT JOIN), so the version is returned even with no silos;
--     Orleans reads the columns by name: Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
--     SuspectTimes, StartTime, IAmAliveTime, Version (ProxyPort for gateways).
--   * Heartbeats (UpdateIAmAlivetimeKey) and defunct-row cleanup do not touch the table version.
--   * SiloStatus values used below: 3 = Active, 6 = Dead.
-- Requires PostgreSQL 9.5+ (ON CONFLICT). Idempotent: safe to run again.

CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid varchar(150)   NOT NULL,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT pk_orleansmembershipversiontable PRIMARY KEY (deploymentid)
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid varchar(150)   NOT NULL,
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(255)   NOT NULL,
    hostname     varchar(255)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NOT NULL DEFAULT 0,
    suspecttimes text           NULL,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,

    CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_orleansmembershiptable_version FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Adds a silo row and bumps the table version, atomically and only when p_version is still current.
-- Returns 1 on success, 0 when the version is stale or the silo row already exists (then nothing changes).
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deploymentid text,
    p_address      text,
    p_port         integer,
    p_generation   integer,
    p_siloname     text,
    p_hostname     text,
    p_status       integer,
    p_proxyport    integer,
    p_starttime    timestamptz,
    p_iamalivetime timestamptz,
    p_version      integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    -- Conditional version bump; it also row-locks the version row, serialising concurrent writers.
    UPDATE orleansmembershipversiontable
       SET version = version + 1,
           timestamp = now()
     WHERE deploymentid = p_deploymentid
       AND version = p_version;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname,
         status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname,
         p_status, coalesce(p_proxyport, 0), p_starttime, p_iamalivetime)
    ON CONFLICT (deploymentid, address, port, generation) DO NOTHING;
    IF NOT FOUND THEN
        -- Row already there: abort this block so the version bump above is rolled back.
        RAISE EXCEPTION 'orleans membership row already exists' USING ERRCODE = 'OR001';
    END IF;

    RETURN 1;
EXCEPTION
    WHEN SQLSTATE 'OR001' THEN
        RETURN 0;
END
$fn$;

-- Updates a silo row (status, suspicions, heartbeat) and bumps the table version, atomically and only
-- when p_version is still current. Returns 1 on success, 0 otherwise (then nothing changes).
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deploymentid text,
    p_address      text,
    p_port         integer,
    p_generation   integer,
    p_status       integer,
    p_suspecttimes text,
    p_iamalivetime timestamptz,
    p_version      integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    UPDATE orleansmembershipversiontable
       SET version = version + 1,
           timestamp = now()
     WHERE deploymentid = p_deploymentid
       AND version = p_version;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershiptable
       SET status = p_status,
           suspecttimes = p_suspecttimes,
           iamalivetime = p_iamalivetime
     WHERE deploymentid = p_deploymentid
       AND address = p_address
       AND port = p_port
       AND generation = p_generation;
    IF NOT FOUND THEN
        -- No such silo: undo the version bump.
        RAISE EXCEPTION 'orleans membership row not found' USING ERRCODE = 'OR002';
    END IF;

    RETURN 1;
EXCEPTION
    WHEN SQLSTATE 'OR002' THEN
        RETURN 0;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext)
VALUES
(
    -- Creates the cluster's version row if missing. One column: 1 = created now, 0 = already existed.
    'InsertMembershipVersionKey',
    $q$
    WITH created AS (
        INSERT INTO orleansmembershipversiontable (deploymentid)
        VALUES (@DeploymentId)
        ON CONFLICT (deploymentid) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer AS created FROM created;
    $q$
),
(
    'InsertMembershipKey',
    $q$
    SELECT orleans_membership_insert(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS succeeded;
    $q$
),
(
    'UpdateMembershipKey',
    $q$
    SELECT orleans_membership_update(
        @DeploymentId, @Address, @Port, @Generation,
        @Status, @SuspectTimes, @IAmAliveTime, @Version) AS succeeded;
    $q$
),
(
    -- Heartbeat: only the silo's own IAmAliveTime changes; the table version is left alone.
    'UpdateIAmAlivetimeKey',
    $q$
    UPDATE orleansmembershiptable
       SET iamalivetime = @IAmAliveTime
     WHERE deploymentid = @DeploymentId
       AND address = @Address
       AND port = @Port
       AND generation = @Generation;
    $q$
),
(
    -- Version row plus (at most) the one requested silo row.
    'MembershipReadRowKey',
    $q$
    SELECT v.deploymentid,
           m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
           m.suspecttimes, m.starttime, m.iamalivetime,
           v.version
      FROM orleansmembershipversiontable AS v
      LEFT JOIN orleansmembershiptable AS m
             ON m.deploymentid = v.deploymentid
            AND m.address = @Address
            AND m.port = @Port
            AND m.generation = @Generation
     WHERE v.deploymentid = @DeploymentId;
    $q$
),
(
    -- Version row plus every silo row of the cluster (one row with NULL silo columns when empty).
    'MembershipReadAllKey',
    $q$
    SELECT v.deploymentid,
           m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
           m.suspecttimes, m.starttime, m.iamalivetime,
           v.version
      FROM orleansmembershipversiontable AS v
      LEFT JOIN orleansmembershiptable AS m
             ON m.deploymentid = v.deploymentid
     WHERE v.deploymentid = @DeploymentId;
    $q$
),
(
    -- Gateways for clients: silos with the requested status (Active) that expose a gateway port.
    'GatewaysQueryKey',
    $q$
    SELECT address, proxyport, generation
      FROM orleansmembershiptable
     WHERE deploymentid = @DeploymentId
       AND status = @Status
       AND proxyport > 0;
    $q$
),
(
    -- Removes the whole cluster: silo rows first (foreign key), then the version row.
    'DeleteMembershipTableEntriesKey',
    $q$
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
    $q$
),
(
    -- Bulk defunct-silo cleanup (used only when CleanupDefunctSiloEntryKey is absent):
    -- Dead silos that neither started nor sent a heartbeat since the cutoff @IAmAliveTime.
    'CleanupDefunctSiloEntriesKey',
    $q$
    DELETE FROM orleansmembershiptable
     WHERE deploymentid = @DeploymentId
       AND status = 6
       AND starttime < @IAmAliveTime
       AND iamalivetime < @IAmAliveTime;
    $q$
),
(
    -- Per-row defunct-silo cleanup (Orleans 10.4+ prefers it when present): Orleans has already chosen
    -- the Dead row from a membership read; delete it only if it is still exactly what was read.
    'CleanupDefunctSiloEntryKey',
    $q$
    DELETE FROM orleansmembershiptable
     WHERE deploymentid = @DeploymentId
       AND address = @Address
       AND port = @Port
       AND generation = @Generation
       AND status = 6
       AND starttime = @StartTime
       AND iamalivetime = @IAmAliveTime
       AND coalesce(suspecttimes, '') = coalesce(@SuspectTimes, '');
    $q$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

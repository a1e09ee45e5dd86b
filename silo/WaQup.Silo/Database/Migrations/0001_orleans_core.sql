-- Orleans ADO.NET core: the OrleansQuery catalogue from which every Orleans ADO.NET provider loads its SQL at start-up.
--
-- Orleans (Microsoft.Orleans.*.AdoNet 10.x, invariant "Npgsql") reads this table with
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- and then runs only the stored texts, binding parameters by name (@DeploymentId, @GrainIdHash, ...).
-- Identifiers are unquoted, so PostgreSQL folds them to lower case; Npgsql matches result
-- column names case-insensitively, which is what lets Orleans read "QueryKey", "Version", etc.
-- Later migrations (0002-0004) upsert their rows here, so re-running any file refreshes the texts.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,

    CONSTRAINT pk_orleansquery PRIMARY KEY (querykey)
);

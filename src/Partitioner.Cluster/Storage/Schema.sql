-- Partitioner cluster schema for PostgreSQL 13 or newer. Safe to run again: every statement creates only what is
-- missing and the Orleans queries are replaced by the versions below.
--
-- Part 1 is what Orleans' ADO.NET providers need (membership, reminders, grain state). They read their SQL from the
-- orleansquery table by key, bind parameters by name (@DeploymentId, ...) and read result columns by name
-- (case-insensitively), so the keys, parameter names and column names below are Orleans' contract; the statements
-- are written for this project (single statements with data-modifying CTEs instead of stored functions).
-- Part 2 is Partitioner's own: jobs, their work items and results.

CREATE TABLE IF NOT EXISTS orleansquery (
    querykey varchar(64) PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);

-- Membership: one version row per cluster, bumped by every change (optimistic concurrency), and one row per silo.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable (
    deploymentid varchar(150) PRIMARY KEY,
    timestamp timestamptz(3) NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable (
    deploymentid varchar(150) NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address varchar(45) NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    siloname varchar(150) NOT NULL,
    hostname varchar(150) NOT NULL,
    status integer NOT NULL,
    proxyport integer NULL,
    suspecttimes varchar(8000) NULL,
    starttime timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

-- Reminders: durable timers that re-activate a grain on a live silo after its silo dies.
CREATE TABLE IF NOT EXISTS orleansreminderstable (
    serviceid varchar(150) NOT NULL,
    grainid varchar(150) NOT NULL,
    remindername varchar(150) NOT NULL,
    starttime timestamptz(3) NOT NULL,
    period bigint NOT NULL,
    grainhash integer NOT NULL,
    version integer NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);

-- Grain state, versioned for optimistic concurrency.
CREATE TABLE IF NOT EXISTS orleansstorage (
    grainidhash integer NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    graintypehash integer NOT NULL,
    graintypestring varchar(512) NOT NULL,
    grainidextensionstring varchar(512),
    serviceid varchar(150) NOT NULL,
    payloadbinary bytea,
    modifiedon timestamp NOT NULL,
    version integer
);
-- One row per grain, so two activations racing to write a first state cannot both succeed.
CREATE UNIQUE INDEX IF NOT EXISTS orleansstorage_grain ON orleansstorage
    (grainidhash, graintypehash, grainidn0, grainidn1, serviceid, graintypestring, coalesce(grainidextensionstring, ''));

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpdateIAmAlivetimeKey', '
    UPDATE orleansmembershiptable SET iamalivetime = @IAmAliveTime
    WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;'),

('InsertMembershipVersionKey', '
    WITH added AS (
        INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
        ON CONFLICT (deploymentid) DO NOTHING RETURNING 1)
    SELECT count(*)::integer FROM added;'),

-- A silo joins only if the table is still at the version it read (the lock on the version row orders concurrent joins).
('InsertMembershipKey', '
    WITH bumped AS (
        UPDATE orleansmembershipversiontable SET timestamp = now(), version = version + 1
        WHERE deploymentid = @DeploymentId AND version = @Version
          AND NOT EXISTS (SELECT 1 FROM orleansmembershiptable m WHERE m.deploymentid = @DeploymentId
                          AND m.address = @Address AND m.port = @Port AND m.generation = @Generation)
        RETURNING deploymentid),
    added AS (
        INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
        SELECT deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM bumped
        RETURNING 1)
    SELECT count(*)::integer FROM added;'),

('UpdateMembershipKey', '
    WITH bumped AS (
        UPDATE orleansmembershipversiontable SET timestamp = now(), version = version + 1
        WHERE deploymentid = @DeploymentId AND version = @Version
          AND EXISTS (SELECT 1 FROM orleansmembershiptable m WHERE m.deploymentid = @DeploymentId
                      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation)
        RETURNING deploymentid),
    changed AS (
        UPDATE orleansmembershiptable m SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
        FROM bumped b
        WHERE m.deploymentid = b.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
        RETURNING 1)
    SELECT count(*)::integer FROM changed;'),

('MembershipReadRowKey', '
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
           m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
         AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.deploymentid = @DeploymentId;'),

('MembershipReadAllKey', '
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
           m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
    WHERE v.deploymentid = @DeploymentId;'),

('DeleteMembershipTableEntriesKey', '
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;'),

('GatewaysQueryKey', '
    SELECT address, proxyport, generation FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;'),

('CleanupDefunctSiloEntriesKey', '
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3;'),

('UpsertReminderRowKey', '
    INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
        SET starttime = excluded.starttime, period = excluded.period, grainhash = excluded.grainhash,
            version = orleansreminderstable.version + 1
    RETURNING version;'),

('ReadReminderRowsKey', '
    SELECT grainid, remindername, starttime, period, version FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId;'),

('ReadReminderRowKey', '
    SELECT grainid, remindername, starttime, period, version FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName;'),

-- The ring range (BeginHash, EndHash] of one silo, and the same range when it wraps past the largest hash.
('ReadRangeRows1Key', '
    SELECT grainid, remindername, starttime, period, version FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash;'),

('ReadRangeRows2Key', '
    SELECT grainid, remindername, starttime, period, version FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash);'),

('DeleteReminderRowKey', '
    WITH removed AS (
        DELETE FROM orleansreminderstable
        WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
        RETURNING 1)
    SELECT count(*)::integer FROM removed;'),

('DeleteReminderRowsKey', '
    DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;'),

-- Grain state: a write succeeds only against the version it read (or, with no version, when there is no row yet);
-- otherwise the old version comes back and Orleans raises an inconsistent-state error.
('WriteToStorageKey', '
    WITH updated AS (
        UPDATE orleansstorage SET payloadbinary = @PayloadBinary, modifiedon = (now() AT TIME ZONE ''utc''), version = version + 1
        WHERE @GrainStateVersion::integer IS NOT NULL AND version = @GrainStateVersion::integer
          AND grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
          AND graintypestring = @GrainTypeString AND serviceid = @ServiceId
          AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
        RETURNING version),
    inserted AS (
        INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring,
                                    serviceid, payloadbinary, modifiedon, version)
        SELECT @GrainIdHash::integer, @GrainIdN0::bigint, @GrainIdN1::bigint, @GrainTypeHash::integer, @GrainTypeString::varchar,
               @GrainIdExtensionString::varchar, @ServiceId::varchar, @PayloadBinary::bytea, (now() AT TIME ZONE ''utc''), 1
        WHERE @GrainStateVersion::integer IS NULL
        ON CONFLICT DO NOTHING
        RETURNING version)
    SELECT coalesce((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion::integer) AS newgrainstateversion;'),

('ReadFromStorageKey', '
    SELECT payloadbinary, (now() AT TIME ZONE ''utc'') AS readat, version FROM orleansstorage
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString AND serviceid = @ServiceId
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString::varchar;'),

('ClearStorageKey', '
    UPDATE orleansstorage SET payloadbinary = NULL, version = version + 1
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString AND serviceid = @ServiceId
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
      AND version = @GrainStateVersion::integer
    RETURNING version AS newgrainstateversion;'),

('DeleteStorageKey', '
    DELETE FROM orleansstorage
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString AND serviceid = @ServiceId
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
      AND version = @GrainStateVersion::integer
    RETURNING version + 1 AS newgrainstateversion;')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Part 2: Partitioner's jobs. A job is a list of independent work items; each item is a pure function of the job's
-- input and its index (e.g. a seed), run by whichever worker silo claims it, and its result is stored once.
CREATE TABLE IF NOT EXISTS partitioner_jobs (
    id text PRIMARY KEY,
    seq bigserial NOT NULL,
    kind text NOT NULL,
    state text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    dataset text,
    practices bytea,
    options_json text NOT NULL,
    group_by text,
    parameters_json text NOT NULL,
    practice_count integer NOT NULL DEFAULT 0,
    item_count integer NOT NULL,
    progress_json text,
    errors_json text,
    summary_json text,
    message text,
    attempts integer NOT NULL DEFAULT 0,
    cancel_requested boolean NOT NULL DEFAULT false,
    spec_json text                  -- what the job's kind needs besides its options (a sweep's bands)
);
ALTER TABLE partitioner_jobs ADD COLUMN IF NOT EXISTS spec_json text;
CREATE INDEX IF NOT EXISTS partitioner_jobs_state ON partitioner_jobs (state, seq);

CREATE TABLE IF NOT EXISTS partitioner_work_items (
    job_id text NOT NULL REFERENCES partitioner_jobs (id) ON DELETE CASCADE,
    item integer NOT NULL,
    job_seq bigint NOT NULL,
    state text NOT NULL,            -- queued, running, done, cancelled
    silo text,                      -- the silo holding the lease while running
    lease_until timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    progress_json text,
    result bytea,                   -- written once, by the first run to finish
    done_by text,
    finished_at timestamptz,
    PRIMARY KEY (job_id, item)
);
CREATE INDEX IF NOT EXISTS partitioner_work_items_waiting ON partitioner_work_items (job_seq, item) WHERE state = 'queued';
CREATE INDEX IF NOT EXISTS partitioner_work_items_running ON partitioner_work_items (lease_until) WHERE state = 'running';

-- A job's other files (a sweep's table, an ensemble's files, by name), written with its end.
CREATE TABLE IF NOT EXISTS partitioner_files (
    job_id text NOT NULL REFERENCES partitioner_jobs (id) ON DELETE CASCADE,
    name text NOT NULL,
    content bytea NOT NULL,
    PRIMARY KEY (job_id, name)
);

CREATE TABLE IF NOT EXISTS partitioner_results (
    job_id text PRIMARY KEY REFERENCES partitioner_jobs (id) ON DELETE CASCADE,
    consortia bytea NOT NULL,
    practices bytea NOT NULL,
    report bytea NOT NULL
);

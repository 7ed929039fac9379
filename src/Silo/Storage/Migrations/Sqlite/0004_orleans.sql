-- Orleans' own tables on the embedded default, for Microsoft.Orleans 10.4's ADO.NET grain state and reminders
-- (invariant "System.Data.SQLite", which Orleans maps to Microsoft.Data.Sqlite). One silo runs on SQLite, so
-- clustering is Orleans' localhost clustering and has no tables. The providers read their statements by key
-- from OrleansQuery. Grain state follows the schema Orleans documents for SQLite (src/AdoNet/Shared/Sqlite-Main.sql,
-- Orleans.Persistence.AdoNet/Sqlite-Persistence.sql). Orleans ships no SQLite reminders script: the table and
-- statements below are ours, the same columns and keys as its PostgreSQL reminders, so a player's schedule
-- survives a restart here as it does on PostgreSQL. SQLite has no data-modifying CTEs: a write is one statement
-- with RETURNING, or a statement followed by a SELECT, run as one command.

CREATE TABLE OrleansQuery (
    QueryKey   TEXT NOT NULL PRIMARY KEY,
    QueryText  TEXT NOT NULL
);

-- Grain state: Version is the ETag. A write naming a stale version matches no row and returns nothing, which
-- Orleans reports as a conflict (InconsistentStateException).
CREATE TABLE OrleansStorage (
    GrainIdHash             INTEGER NOT NULL,
    GrainIdN0               INTEGER NOT NULL,
    GrainIdN1               INTEGER NOT NULL,
    GrainTypeHash           INTEGER NOT NULL,
    GrainTypeString         TEXT NOT NULL,
    GrainIdExtensionString  TEXT NULL,
    ServiceId               TEXT NOT NULL,
    PayloadBinary           BLOB NULL,
    ModifiedOn              TEXT NOT NULL,
    Version                 INTEGER NOT NULL
);

CREATE UNIQUE INDEX OrleansStorage_grain ON OrleansStorage
    (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeString, IFNULL(GrainIdExtensionString, ''));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
    SELECT PayloadBinary, Version FROM OrleansStorage
    WHERE ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS @GrainIdExtensionString'),

-- With a version: update that version. Without one (never written): insert, unless a row appeared meanwhile.
-- At most one of the two statements returns a row; none means the write lost.
('WriteToStorageKey', '
    UPDATE OrleansStorage SET PayloadBinary = @PayloadBinary, ModifiedOn = strftime(''%Y-%m-%d %H:%M:%f'', ''now''), Version = Version + 1
    WHERE ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS @GrainIdExtensionString
      AND @GrainStateVersion IS NOT NULL AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
    INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                                GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, strftime(''%Y-%m-%d %H:%M:%f'', ''now''), 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version AS NewGrainStateVersion'),

('ClearStorageKey', '
    UPDATE OrleansStorage SET PayloadBinary = NULL, ModifiedOn = strftime(''%Y-%m-%d %H:%M:%f'', ''now''), Version = Version + 1
    WHERE ServiceId = @ServiceId AND GrainTypeHash = @GrainTypeHash AND GrainIdHash = @GrainIdHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion');

CREATE TABLE OrleansRemindersTable (
    ServiceId     TEXT NOT NULL,
    GrainId       TEXT NOT NULL,
    ReminderName  TEXT NOT NULL,
    StartTime     TEXT NOT NULL,
    Period        INTEGER NOT NULL,
    GrainHash     INTEGER NOT NULL,
    Version       INTEGER NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX OrleansRemindersTable_hash ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', '
    INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash,
            Version = OrleansRemindersTable.Version + 1
    RETURNING Version'),

('ReadReminderRowsKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId'),

('ReadReminderRowKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName'),

('ReadRangeRows1Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash'),

('ReadRangeRows2Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)'),

('DeleteReminderRowKey', '
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version;
    SELECT changes()'),

('DeleteReminderRowsKey', '
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId');

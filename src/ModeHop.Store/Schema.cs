using Microsoft.Data.Sqlite;

namespace ModeHop.Store;

/// <summary>
/// The DDL of schema version <see cref="ResultsStore.SchemaVersion"/> (docs/results-db.md explains every
/// table). A file is ours when its <c>meta</c> table says <c>format = modehop-results</c>; its schema
/// version is <c>PRAGMA user_version</c>.
/// </summary>
internal static class Schema
{
    public const string Format = "modehop-results";

    /// <summary>Scores are keyed by (checkpoint, task, item, seed) and point at the item they score, so a
    /// score can neither be written twice nor name an item the store does not have.</summary>
    const string Ddl = """
        CREATE TABLE meta (
          key   TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE runs (
          id          INTEGER PRIMARY KEY,
          name        TEXT NOT NULL UNIQUE,
          kind        TEXT NOT NULL CHECK (kind IN ('lab', 'scan')),
          source      TEXT NOT NULL,
          recipe_json TEXT
        ) STRICT;

        CREATE TABLE checkpoints (
          id     INTEGER PRIMARY KEY,
          run_id INTEGER NOT NULL REFERENCES runs (id),
          step   INTEGER NOT NULL CHECK (step >= 0),
          tokens INTEGER NOT NULL CHECK (tokens >= 0),
          path   TEXT NOT NULL,
          UNIQUE (run_id, step)
        ) STRICT;

        CREATE TABLE tasks (
          id           INTEGER PRIMARY KEY,
          family       TEXT NOT NULL,
          task         TEXT NOT NULL,
          control      INTEGER NOT NULL CHECK (control IN (0, 1)),
          version      TEXT NOT NULL,
          content_hash TEXT NOT NULL,
          UNIQUE (family, task, control, version, content_hash)
        ) STRICT;

        CREATE TABLE items (
          task_id    INTEGER NOT NULL REFERENCES tasks (id),
          item_index INTEGER NOT NULL CHECK (item_index >= 0),
          prompt     TEXT NOT NULL,
          general    TEXT NOT NULL,
          parrot     TEXT NOT NULL,
          PRIMARY KEY (task_id, item_index)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE item_scores (
          checkpoint_id     INTEGER NOT NULL REFERENCES checkpoints (id),
          task_id           INTEGER NOT NULL,
          item_index        INTEGER NOT NULL,
          seed              INTEGER NOT NULL,
          general_log_prob  REAL NOT NULL,
          parrot_log_prob   REAL NOT NULL,
          general_mean_prob REAL NOT NULL,
          parrot_mean_prob  REAL NOT NULL,
          PRIMARY KEY (checkpoint_id, task_id, item_index, seed),
          FOREIGN KEY (task_id, item_index) REFERENCES items (task_id, item_index)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE metrics (
          checkpoint_id           INTEGER NOT NULL REFERENCES checkpoints (id),
          task_id                 INTEGER NOT NULL REFERENCES tasks (id),
          seed                    INTEGER NOT NULL,
          hard_acc                REAL NOT NULL,
          prob_margin             REAL NOT NULL,
          log_prob_margin         REAL NOT NULL,
          normalized_general_prob REAL NOT NULL,
          items                   INTEGER NOT NULL CHECK (items >= 0),
          PRIMARY KEY (checkpoint_id, task_id, seed)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX metrics_by_task ON metrics (task_id, checkpoint_id);

        CREATE TABLE findings (
          id      INTEGER PRIMARY KEY,
          run_id  INTEGER NOT NULL REFERENCES runs (id),
          kind    TEXT NOT NULL,
          family  TEXT,
          task    TEXT,
          step    INTEGER,
          value   REAL,
          json    TEXT NOT NULL
        ) STRICT;
        CREATE INDEX findings_by_run_kind ON findings (run_id, kind);
        """;

    /// <summary>What an opened file holds, read before deciding whether it is ours.</summary>
    internal readonly record struct Probe(long UserVersion, IReadOnlyList<string> Tables, string? Format)
    {
        public bool IsBlank => UserVersion == 0 && Tables.Count == 0;
    }

    /// <summary>Reads the schema version, the table names and the <c>meta</c> format of <paramref name="connection"/>.
    /// The first read of the file: a file that is not SQLite fails here with SQLITE_NOTADB.</summary>
    public static Probe Read(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        long userVersion;
        using (var command = Command(connection, transaction, "PRAGMA user_version"))
            userVersion = (long)command.ExecuteScalar()!;
        var tables = new List<string>();
        using (var command = Command(connection, transaction, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))
        using (var reader = command.ExecuteReader())
            while (reader.Read()) tables.Add(reader.GetString(0));
        string? format = null;
        if (tables.Contains("meta"))
        {
            try
            {
                using var command = Command(connection, transaction, "SELECT value FROM meta WHERE key = 'format'");
                format = command.ExecuteScalar() as string;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == StoreErrors.SqliteError)
            {
                format = null; // a 'meta' table of another application, without our columns
            }
        }
        return new Probe(userVersion, tables, format);
    }

    /// <summary>Creates the tables and stamps the format and version, inside <paramref name="transaction"/>.</summary>
    public static void Create(SqliteConnection connection, SqliteTransaction transaction)
    {
        using (var command = Command(connection, transaction, Ddl)) command.ExecuteNonQuery();
        using (var command = Command(connection, transaction, "INSERT INTO meta (key, value) VALUES ('format', $format)"))
        {
            command.Parameters.AddWithValue("$format", Format);
            command.ExecuteNonQuery();
        }
        // PRAGMA takes no parameters; the value is our own constant.
        using (var command = Command(connection, transaction, $"PRAGMA user_version = {ResultsStore.SchemaVersion}"))
            command.ExecuteNonQuery();
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}

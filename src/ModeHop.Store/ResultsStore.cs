using Microsoft.Data.Sqlite;

namespace ModeHop.Store;

/// <summary>
/// The SQLite results store (<c>results.db</c>, schema in docs/results-db.md). Every write method is one
/// transaction, so a process killed at any moment leaves each write whole or absent; the file is in WAL
/// mode, so other processes can read it while one writes, and a writer that finds the file locked waits
/// up to <see cref="BusyTimeoutMs"/>. One instance holds one connection and is not thread-safe.
/// </summary>
public sealed partial class ResultsStore : IDisposable
{
    public const int SchemaVersion = 1;

    /// <summary>How long a statement waits for another connection's lock before failing with SQLITE_BUSY.</summary>
    internal const int BusyTimeoutMs = 5000;

    readonly SqliteConnection _connection;

    /// <summary>The full path of the database file.</summary>
    public string Path { get; }

    ResultsStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>
    /// Opens the results DB at <paramref name="path"/>. A missing file (or an empty one) is created with the
    /// schema when <paramref name="create"/> is true; otherwise the file must be a ModeHop results DB of a
    /// schema version this build knows.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is missing and <paramref name="create"/> is false.</exception>
    /// <exception cref="InvalidDataException">The file is not SQLite, is damaged, is another application's
    /// database, or has a newer schema.</exception>
    public static ResultsStore Open(string path, bool create = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        if (System.IO.Directory.Exists(full)) throw StoreErrors.Directory(full);
        bool exists = File.Exists(full);
        if (!exists && !create) throw StoreErrors.Missing(full);
        if (!exists) System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false, // one connection per store; closing it must release the file
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString());
        try
        {
            connection.Open();
            // Per-connection settings; none of them reads the file. synchronous=NORMAL in WAL mode keeps
            // every commit atomic (a killed process loses at most uncommitted work), it only skips the
            // fsync that guards against power loss.
            Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
            var probe = Schema.Read(connection);
            if (probe.IsBlank)
            {
                if (!create) throw StoreErrors.Empty(full);
                probe = Initialize(connection);
            }
            Validate(full, probe);
            return new ResultsStore(full, connection);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == StoreErrors.SqliteNotADatabase)
        {
            connection.Dispose();
            throw StoreErrors.NotSqlite(full, new FileInfo(full).Length, e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == StoreErrors.SqliteCorrupt)
        {
            connection.Dispose();
            throw StoreErrors.Damaged(full, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Makes a blank file a results DB. The probe is repeated under the write lock, so two
    /// processes creating the same file at once make one schema.</summary>
    static Schema.Probe Initialize(SqliteConnection connection)
    {
        Execute(connection, "PRAGMA journal_mode = WAL;"); // persistent in the file; cannot change inside a transaction
        using var transaction = connection.BeginTransaction(); // BEGIN IMMEDIATE
        var probe = Schema.Read(connection, transaction);
        if (!probe.IsBlank) return probe;
        Schema.Create(connection, transaction);
        transaction.Commit();
        return Schema.Read(connection);
    }

    static void Validate(string path, Schema.Probe probe)
    {
        if (probe.Format != Schema.Format)
            throw probe.Tables.Count == 0 ? StoreErrors.Empty(path) : StoreErrors.NotOurs(path, probe.Tables);
        if (probe.UserVersion > SchemaVersion) throw StoreErrors.NewerSchema(path, probe.UserVersion);
        if (probe.UserVersion < 1) throw StoreErrors.UnknownSchema(path, probe.UserVersion);
    }

    static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    SqliteCommand Command(string sql, SqliteTransaction? transaction = null) => Schema.Command(_connection, transaction, sql);

    public void Dispose() => _connection.Dispose();
}

using Microsoft.Data.Sqlite;
using ModeHop.Store;

namespace ModeHop.Tests.Store;

/// <summary>A temporary directory holding one test's results DB, deleted on dispose, plus builders of
/// runs, tasks and scores with values that tell the rows apart.</summary>
public sealed class StoreFiles : IDisposable
{
    readonly List<ResultsStore> _opened = [];

    public string Dir { get; } = Directory.CreateTempSubdirectory("modehop-store-").FullName;

    public string Db => File("results.db");

    public string File(string name) => Path.Combine(Dir, name);

    /// <summary>Opens <see cref="Db"/> (created when missing); closed on dispose.</summary>
    public ResultsStore Open(bool create = true)
    {
        var store = ResultsStore.Open(Db, create);
        _opened.Add(store);
        return store;
    }

    /// <summary>A raw connection to <paramref name="path"/> for poking at the file behind the store's back.</summary>
    public static SqliteConnection Raw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long Run(ResultsStore store, string name = "demo") =>
        store.UpsertRun(new RunRecord(name, "lab", $"runs/{name}", """{"steps": 300}"""));

    /// <summary>Upserts task <paramref name="task"/> of family "Flipped" and its <paramref name="items"/> items.</summary>
    public static long Task(ResultsStore store, string task = "sentiment", bool control = false, int items = 3)
    {
        long id = store.UpsertTask(new TaskRecord("Flipped", task, control, "1", $"hash-{task}-{control}"));
        store.UpsertItems(id, Items(items));
        return id;
    }

    public static ItemRecord[] Items(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new ItemRecord(i, $"prompt {i}", $"general {i}", $"parrot {i}"))];

    /// <summary>Scores of every item under every seed, and one metrics row per seed; values encode
    /// (item, seed, <paramref name="tag"/>) so a row read back can be traced to the write that made it.</summary>
    public static TaskScores Scores(long taskId, int items = 3, int seeds = 2, double tag = 0)
    {
        var scores = new List<ItemScore>();
        for (int i = 0; i < items; i++)
            for (int s = 0; s < seeds; s++)
                scores.Add(new ItemScore(i, s, -(i + 1) - tag, -(s + 1) - tag, 0.01 * i + tag, 0.001 * s + tag));
        var metrics = Enumerable.Range(0, seeds)
            .Select(s => new TaskSeedMetrics(s, 0.5 + 0.01 * s + tag, 0.1 * s, -0.2 * s, 0.4 + tag, items)).ToArray();
        return new TaskScores(taskId, scores, metrics);
    }

    public static long Count(string path, string table)
    {
        using var connection = Raw(path);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}"; // table names come from the tests, never from input
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        foreach (var store in _opened) store.Dispose();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on a failing test's path must not hide the test's own failure
        }
    }
}

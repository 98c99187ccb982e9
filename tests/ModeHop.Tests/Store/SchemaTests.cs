using Microsoft.Data.Sqlite;
using ModeHop.Store;

namespace ModeHop.Tests.Store;

public class SchemaTests
{
    [Fact]
    public void Schema_EveryTable_IsStrict()
    {
        using var files = new StoreFiles();
        files.Open().Dispose();
        using var raw = StoreFiles.Raw(files.Db);
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        var tables = new List<(string Name, long Strict)>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) tables.Add((reader.GetString(0), reader.GetInt64(1)));

        Assert.Equal(["checkpoints", "findings", "item_scores", "items", "meta", "metrics", "runs", "tasks"], tables.Select(t => t.Name));
        Assert.All(tables, t => Assert.Equal(1, t.Strict));
    }

    [Theory]
    [InlineData("INSERT INTO findings (run_id, kind, step, json) VALUES (1, 'hop', 'early', '{}')")]
    [InlineData("INSERT INTO items (task_id, item_index, prompt, general, parrot) VALUES (1, 'last', 'p', 'g', 'r')")]
    [InlineData("INSERT INTO checkpoints (run_id, step, tokens, path) VALUES (1, 'hundred', 0, 'p')")]
    [InlineData("INSERT INTO metrics (checkpoint_id, task_id, seed, hard_acc, prob_margin, log_prob_margin, normalized_general_prob, items) VALUES (1, 1, 0, 'high', 0, 0, 0, 1)")]
    [InlineData("INSERT INTO tasks (family, task, control, version, content_hash) VALUES ('F', 't', 'yes', '1', 'h')")]
    public void Schema_TextIntoANumericColumnThroughRawSql_IsRejected(string sql)
    {
        using var files = new StoreFiles();
        using (var store = files.Open())
        {
            long run = StoreFiles.Run(store);
            long task = StoreFiles.Task(store);
            store.WriteCheckpoint(run, new CheckpointRecord(0, 0, "step000000"), []);
            Assert.Equal(1, run);
            Assert.Equal(1, task);
        }
        using var raw = StoreFiles.Raw(files.Db);

        var e = Assert.Throws<SqliteException>(() => StoreFiles.Execute(raw, sql));
        Assert.Equal(3091, e.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_DATATYPE: only STRICT tables raise it
    }

    [Fact]
    public void Schema_RunOfAnotherKindThroughRawSql_IsRejected()
    {
        using var files = new StoreFiles();
        files.Open().Dispose();
        using var raw = StoreFiles.Raw(files.Db);
        var e = Assert.Throws<SqliteException>(() => StoreFiles.Execute(raw, "INSERT INTO runs (name, kind, source) VALUES ('r', 'sweep', 's')"));
        Assert.Equal(275, e.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_CHECK
    }

    [Fact]
    public void Read_WhileAnotherConnectionHoldsAnOpenWrite_SeesTheLastCommitWithoutWaiting()
    {
        using var files = new StoreFiles();
        var reader = files.Open();
        StoreFiles.Run(reader, "committed");
        using var writer = StoreFiles.Raw(files.Db);
        using var transaction = writer.BeginTransaction(); // BEGIN IMMEDIATE: holds the write lock
        using (var insert = writer.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO runs (name, kind, source) VALUES ('pending', 'scan', 'x')";
            insert.ExecuteNonQuery();
        }

        Assert.Equal(["committed"], reader.Runs().Select(r => r.Name));
        transaction.Commit();
        Assert.Equal(["committed", "pending"], reader.Runs().Select(r => r.Name));
    }

    [Fact]
    public async Task UpsertRun_WhileAnotherConnectionHoldsTheWriteLock_WaitsForItAndSucceeds()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        using var other = StoreFiles.Raw(files.Db);
        var transaction = other.BeginTransaction(); // BEGIN IMMEDIATE
        var release = Task.Run(async () =>
        {
            await Task.Delay(300);
            transaction.Commit();
            transaction.Dispose();
        });

        long id = store.UpsertRun(new RunRecord("late", "lab", "runs/late", null)); // blocks until the commit

        await release;
        Assert.Equal(id, store.FindRun("late")!.Id);
    }

    [Fact]
    public void WriteCheckpoint_FromOneStore_IsSeenByAnotherStoreOnTheSameFile()
    {
        using var files = new StoreFiles();
        var writer = files.Open();
        var reader = files.Open(create: false);
        long run = StoreFiles.Run(writer);
        long a = StoreFiles.Task(writer, "a");
        writer.WriteCheckpoint(run, new CheckpointRecord(3, 3, "s3"), [StoreFiles.Scores(a)]);

        Assert.Equal(writer.Metrics(run), reader.Metrics(run));
        Assert.Equal(new HashSet<long> { a }, reader.ScoredTasks(run, 3));
    }
}

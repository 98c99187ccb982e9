using Microsoft.Data.Sqlite;
using ModeHop.Store;

namespace ModeHop.Tests.Store;

public class ResultsStoreWriteTests
{
    [Fact]
    public void UpsertRun_SameNameTwice_ReturnsSameIdAndUpdatesTheOtherColumns()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long first = store.UpsertRun(new RunRecord("demo", "lab", "runs/demo", null));
        long second = store.UpsertRun(new RunRecord("demo", "scan", "ckpts/a;ckpts/b", """{"x": 1}"""));
        long other = store.UpsertRun(new RunRecord("other", "lab", "runs/other", null));

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal([new RunRow(first, "demo", "scan", "ckpts/a;ckpts/b", """{"x": 1}"""), new RunRow(other, "other", "lab", "runs/other", null)],
            store.Runs());
    }

    [Fact]
    public void UpsertRun_UnknownKind_ThrowsArgumentAndWritesNothing()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        var e = Assert.Throws<ArgumentException>(() => store.UpsertRun(new RunRecord("demo", "laboratory", "runs/demo", null)));
        Assert.Contains("laboratory", e.Message);
        Assert.Empty(store.Runs());
    }

    [Fact]
    public void UpsertTask_SameFieldsTwice_ReturnsSameIdAndOneRow()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        var task = new TaskRecord("Flipped", "sentiment", false, "1", "abc");
        Assert.Equal(store.UpsertTask(task), store.UpsertTask(task));
        Assert.Equal(1, StoreFiles.Count(files.Db, "tasks"));
    }

    [Theory]
    [InlineData("family")]
    [InlineData("task")]
    [InlineData("control")]
    [InlineData("version")]
    [InlineData("hash")]
    public void UpsertTask_OneFieldDiffers_IsANewTask(string field)
    {
        using var files = new StoreFiles();
        var store = files.Open();
        var task = new TaskRecord("Flipped", "sentiment", false, "1", "abc");
        var changed = field switch
        {
            "family" => task with { Family = "Truthy" },
            "task" => task with { Task = "topic" },
            "control" => task with { Control = true },
            "version" => task with { Version = "2" },
            _ => task with { ContentHash = "abd" },
        };
        Assert.NotEqual(store.UpsertTask(task), store.UpsertTask(changed));
        Assert.Equal(2, StoreFiles.Count(files.Db, "tasks"));
    }

    [Fact]
    public void UpsertItems_SameItemsAgainPlusNewOnes_KeepsOneCopyOfEach()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long task = StoreFiles.Task(store, items: 3);
        store.UpsertItems(task, StoreFiles.Items(5));
        Assert.Equal(StoreFiles.Items(5), store.Items(task));
    }

    [Theory]
    [InlineData("prompt")]
    [InlineData("general answer")]
    [InlineData("parrot answer")]
    public void UpsertItems_ChangedText_ThrowsInvalidDataAndWritesNothing(string field)
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long task = StoreFiles.Task(store, items: 2);
        var item = StoreFiles.Items(2)[1];
        var changed = field switch
        {
            "prompt" => item with { Prompt = "another prompt" },
            "general answer" => item with { General = "another answer" },
            _ => item with { Parrot = "another answer" },
        };
        // item 2 is new and valid: the conflict on item 1 must roll it back too
        var e = Assert.Throws<InvalidDataException>(() => store.UpsertItems(task, [new ItemRecord(2, "p2", "g2", "r2"), changed]));
        Assert.Contains(files.Db, e.Message);
        Assert.Contains($"item 1 with another {field}", e.Message);
        Assert.Contains("new content hash", e.Message);
        Assert.Equal(StoreFiles.Items(2), store.Items(task));
    }

    [Fact]
    public void UpsertItems_UnknownTask_ThrowsInvalidData()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        Assert.Throws<InvalidDataException>(() => store.UpsertItems(99, StoreFiles.Items(1)));
        Assert.Equal(0, StoreFiles.Count(files.Db, "items"));
    }

    [Fact]
    public void WriteCheckpoint_SameCheckpointTwice_WritesNothingTheSecondTime()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        long a = StoreFiles.Task(store, "a"), b = StoreFiles.Task(store, "b");
        var checkpoint = new CheckpointRecord(100, 102_400, "runs/demo/step000100");
        TaskScores[] scores = [StoreFiles.Scores(a), StoreFiles.Scores(b)];

        Assert.Equal(2, store.WriteCheckpoint(run, checkpoint, scores));
        var metrics = store.Metrics(run);
        var items = store.ItemScores(run, a);
        Assert.Equal(0, store.WriteCheckpoint(run, checkpoint, scores));

        Assert.Equal(2 * 2, metrics.Count);
        Assert.Equal(3 * 2, items.Count);
        Assert.Equal(metrics, store.Metrics(run));
        Assert.Equal(items, store.ItemScores(run, a));
        Assert.Equal(1, StoreFiles.Count(files.Db, "checkpoints"));
        Assert.Equal(2 * 3 * 2, StoreFiles.Count(files.Db, "item_scores"));
    }

    [Fact]
    public void WriteCheckpoint_TaskAThenAAndB_WritesOnlyBAndKeepsA()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        long a = StoreFiles.Task(store, "a"), b = StoreFiles.Task(store, "b");
        var checkpoint = new CheckpointRecord(10, 10_240, "runs/demo/step000010");
        Assert.Equal(1, store.WriteCheckpoint(run, checkpoint, [StoreFiles.Scores(a, tag: 0)]));
        var firstA = store.ItemScores(run, a);

        // A comes again with other values (a rescore): it must not be written over or added to
        int written = store.WriteCheckpoint(run, checkpoint, [StoreFiles.Scores(a, tag: 7), StoreFiles.Scores(b, tag: 1)]);

        Assert.Equal(1, written);
        Assert.Equal(new HashSet<long> { a, b }, store.ScoredTasks(run, 10));
        Assert.Equal(firstA, store.ItemScores(run, a));
        Assert.All(store.Metrics(run).Where(m => m.TaskId == a), m => Assert.True(m.HardAcc < 1));
        Assert.All(store.Metrics(run).Where(m => m.TaskId == b), m => Assert.True(m.HardAcc > 1));
        Assert.Equal(2 * 2, store.Metrics(run).Count);
    }

    [Fact]
    public void WriteCheckpoint_UnknownTaskIdAfterAGoodTask_LeavesNoTraceOfTheCheckpoint()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        long a = StoreFiles.Task(store, "a");
        var checkpoint = new CheckpointRecord(5, 5_120, "runs/demo/step000005");

        var e = Assert.Throws<InvalidDataException>(() => store.WriteCheckpoint(run, checkpoint, [StoreFiles.Scores(a), StoreFiles.Scores(a + 1000)]));

        Assert.Contains(files.Db, e.Message);
        Assert.Contains($"task {a + 1000}", e.Message);
        var inner = Assert.IsType<SqliteException>(e.InnerException);
        Assert.Equal(787, inner.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_FOREIGNKEY
        Assert.Empty(store.Checkpoints(run));
        Assert.Empty(store.ScoredTasks(run, 5));
        Assert.Empty(store.Metrics(run));
        Assert.Equal(0, StoreFiles.Count(files.Db, "item_scores"));
        // and the store is usable afterwards: the same checkpoint goes in whole
        Assert.Equal(1, store.WriteCheckpoint(run, checkpoint, [StoreFiles.Scores(a)]));
    }

    [Fact]
    public void WriteCheckpoint_ScoreOfAnItemTheTaskDoesNotHave_RollsBack()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        long a = StoreFiles.Task(store, "a", items: 3);

        Assert.Throws<InvalidDataException>(() => store.WriteCheckpoint(run, new CheckpointRecord(1, 1, "s1"), [StoreFiles.Scores(a, items: 4)]));
        Assert.Empty(store.Checkpoints(run));
        Assert.Equal(0, StoreFiles.Count(files.Db, "item_scores"));
    }

    [Fact]
    public void WriteCheckpoint_SameItemAndSeedTwice_ThrowsInvalidDataAndRollsBack()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        long a = StoreFiles.Task(store, "a");
        var scores = StoreFiles.Scores(a);
        var doubled = scores with { Items = [.. scores.Items, scores.Items[0]] };

        Assert.Throws<InvalidDataException>(() => store.WriteCheckpoint(run, new CheckpointRecord(1, 1, "s1"), [doubled]));
        Assert.Empty(store.Checkpoints(run));
    }

    [Fact]
    public void WriteCheckpoint_SameStepOtherTokens_ThrowsInvalidDataAndKeepsTheFirst()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        long a = StoreFiles.Task(store, "a"), b = StoreFiles.Task(store, "b");
        store.WriteCheckpoint(run, new CheckpointRecord(100, 1000, "step000100"), [StoreFiles.Scores(a)]);

        var e = Assert.Throws<InvalidDataException>(() => store.WriteCheckpoint(run, new CheckpointRecord(100, 2000, "step000100"), [StoreFiles.Scores(b)]));

        Assert.Contains(files.Db, e.Message);
        Assert.Contains("1000 tokens", e.Message);
        Assert.Contains("2000 tokens", e.Message);
        Assert.Equal([new CheckpointRow(store.Checkpoints(run)[0].Id, 100, 1000, "step000100")], store.Checkpoints(run));
        Assert.Equal(new HashSet<long> { a }, store.ScoredTasks(run, 100));
    }

    [Fact]
    public void WriteCheckpoint_UnknownRun_ThrowsInvalidData()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long a = StoreFiles.Task(store, "a");
        Assert.Throws<InvalidDataException>(() => store.WriteCheckpoint(7, new CheckpointRecord(1, 1, "s1"), [StoreFiles.Scores(a)]));
        Assert.Equal(0, StoreFiles.Count(files.Db, "checkpoints"));
    }

    [Fact]
    public void WriteCheckpoint_NaNScore_ThrowsArgumentAndWritesNothing()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        long a = StoreFiles.Task(store, "a");
        var scores = StoreFiles.Scores(a);
        var bad = scores with { Items = [.. scores.Items.Take(2), scores.Items[2] with { ParrotMeanProb = double.NaN }] };

        var e = Assert.Throws<ArgumentException>(() => store.WriteCheckpoint(run, new CheckpointRecord(1, 1, "s1"), [bad]));
        Assert.Contains("NaN", e.Message);
        Assert.Empty(store.Checkpoints(run));
    }

    [Fact]
    public void WriteCheckpoint_TaskWithoutMetrics_ThrowsArgument()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        long a = StoreFiles.Task(store, "a");
        var noMetrics = StoreFiles.Scores(a) with { Metrics = [] };
        Assert.Throws<ArgumentException>(() => store.WriteCheckpoint(run, new CheckpointRecord(1, 1, "s1"), [noMetrics]));
        Assert.Empty(store.Checkpoints(run));
    }

    [Fact]
    public void WriteCheckpoint_SameTaskTwiceInOneCall_ThrowsArgument()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        long a = StoreFiles.Task(store, "a");
        Assert.Throws<ArgumentException>(() => store.WriteCheckpoint(run, new CheckpointRecord(1, 1, "s1"), [StoreFiles.Scores(a), StoreFiles.Scores(a)]));
        Assert.Empty(store.Checkpoints(run));
    }

    [Fact]
    public void WriteCheckpoint_InfiniteLogProb_RoundTrips()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        long a = StoreFiles.Task(store, "a", items: 1);
        var score = new ItemScore(0, 0, double.NegativeInfinity, -1.5, 0, 0.2);
        store.WriteCheckpoint(run, new CheckpointRecord(1, 1, "s1"),
            [new TaskScores(a, [score], [new TaskSeedMetrics(0, 0, -0.2, double.NegativeInfinity, 0, 1)])]);

        Assert.Equal([new ItemScoreRow(1, 0, 0, double.NegativeInfinity, -1.5, 0, 0.2)], store.ItemScores(run, a));
        Assert.Equal(double.NegativeInfinity, store.Metrics(run)[0].LogProbMargin);
    }

    [Fact]
    public void WriteCheckpoint_TenThousandItemScores_AllRoundTrip()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        // 25 tasks × 100 items × 4 seeds = 10,000 item-score rows, the size of one real checkpoint
        var scores = Enumerable.Range(0, 25).Select(t => StoreFiles.Scores(StoreFiles.Task(store, $"t{t}", items: 100), items: 100, seeds: 4, tag: t)).ToArray();

        Assert.Equal(25, store.WriteCheckpoint(run, new CheckpointRecord(300, 307_200, "step000300"), scores));

        Assert.Equal(10_000, StoreFiles.Count(files.Db, "item_scores"));
        var last = scores[^1];
        var expected = last.Items.Select(s => new ItemScoreRow(300, s.ItemIndex, s.Seed, s.GeneralLogProb, s.ParrotLogProb, s.GeneralMeanProb, s.ParrotMeanProb));
        Assert.Equal(expected, store.ItemScores(run, last.TaskId));
    }
}

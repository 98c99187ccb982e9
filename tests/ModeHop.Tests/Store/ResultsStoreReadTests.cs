using ModeHop.Store;

namespace ModeHop.Tests.Store;

public class ResultsStoreReadTests
{
    [Fact]
    public void Checkpoints_WrittenOutOfOrder_AreOrderedByStep()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        foreach (long step in new long[] { 200, 0, 4, 100 })
            store.WriteCheckpoint(run, new CheckpointRecord(step, step * 1024, $"step{step:D6}"), []);

        Assert.Equal([0L, 4, 100, 200], store.Checkpoints(run).Select(c => c.Step));
        Assert.All(store.Checkpoints(run), c => Assert.Equal(c.Step * 1024, c.Tokens));
    }

    [Fact]
    public void Metrics_WrittenOutOfOrder_AreOrderedByTaskStepSeed()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        long a = StoreFiles.Task(store, "a"), b = StoreFiles.Task(store, "b");
        var seedsDescending = StoreFiles.Scores(b) with { Metrics = [.. StoreFiles.Scores(b, seeds: 3).Metrics.Reverse()] };
        store.WriteCheckpoint(run, new CheckpointRecord(20, 2, "s20"), [seedsDescending, StoreFiles.Scores(a)]);
        store.WriteCheckpoint(run, new CheckpointRecord(10, 1, "s10"), [StoreFiles.Scores(b), StoreFiles.Scores(a)]);

        var keys = store.Metrics(run).Select(m => (m.TaskId, m.Step, m.Seed)).ToArray();

        (long, long, int)[] expected = [(a, 10, 0), (a, 10, 1), (a, 20, 0), (a, 20, 1), (b, 10, 0), (b, 10, 1), (b, 20, 0), (b, 20, 1), (b, 20, 2)];
        Assert.Equal(expected, keys);
        Assert.All(store.Metrics(run), m => Assert.Equal(m.Step / 10, m.Tokens));
    }

    [Fact]
    public void ItemScores_WrittenOutOfOrder_AreOrderedByStepItemSeed()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        long a = StoreFiles.Task(store, "a", items: 3);
        var reversed = StoreFiles.Scores(a) with { Items = [.. StoreFiles.Scores(a).Items.Reverse()] };
        store.WriteCheckpoint(run, new CheckpointRecord(8, 8, "s8"), [reversed]);
        store.WriteCheckpoint(run, new CheckpointRecord(2, 2, "s2"), [reversed]);

        var keys = store.ItemScores(run, a).Select(s => (s.Step, s.ItemIndex, s.Seed)).ToArray();

        var expected = from step in new long[] { 2, 8 } from item in Enumerable.Range(0, 3) from seed in Enumerable.Range(0, 2) select (step, item, seed);
        Assert.Equal(expected, keys);
    }

    [Fact]
    public void ItemScores_OtherRunAndOtherTask_AreNotIncluded()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store, "one"), other = StoreFiles.Run(store, "two");
        long a = StoreFiles.Task(store, "a"), b = StoreFiles.Task(store, "b");
        store.WriteCheckpoint(run, new CheckpointRecord(1, 1, "s1"), [StoreFiles.Scores(a), StoreFiles.Scores(b)]);
        store.WriteCheckpoint(other, new CheckpointRecord(2, 2, "s2"), [StoreFiles.Scores(a)]);

        Assert.All(store.ItemScores(run, a), s => Assert.Equal(1, s.Step));
        Assert.Equal(6, store.ItemScores(run, a).Count);
        Assert.Empty(store.ItemScores(other, b));
    }

    [Fact]
    public void Tasks_OfARun_AreThoseWithMetricsThereOrderedByFamilyTaskControl()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store, "one"), other = StoreFiles.Run(store, "two");
        long upsert(string family, string task, bool control)
        {
            long id = store.UpsertTask(new TaskRecord(family, task, control, "1", $"{family}/{task}/{control}"));
            store.UpsertItems(id, StoreFiles.Items(3));
            return id;
        }
        long truthyControl = upsert("Truthy", "kb", true), truthy = upsert("Truthy", "kb", false);
        long flippedB = upsert("Flipped", "b", false), flippedA = upsert("Flipped", "a", false);
        long onlyInOther = upsert("Flipped", "0", false);
        upsert("Flipped", "unscored", false);
        store.WriteCheckpoint(run, new CheckpointRecord(1, 1, "s1"),
            [.. new[] { truthyControl, truthy, flippedB, flippedA }.Select(id => StoreFiles.Scores(id))]);
        store.WriteCheckpoint(other, new CheckpointRecord(1, 1, "s1"), [StoreFiles.Scores(onlyInOther)]);

        var tasks = store.Tasks(run);

        Assert.Equal([flippedA, flippedB, truthy, truthyControl], tasks.Select(t => t.Id));
        Assert.Equal(new TaskRow(truthyControl, "Truthy", "kb", true, "1", "Truthy/kb/True"), tasks[^1]);
    }

    [Fact]
    public void ScoredTasks_OtherStepOrOtherRun_AreNotIncluded()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store, "one"), other = StoreFiles.Run(store, "two");
        long a = StoreFiles.Task(store, "a"), b = StoreFiles.Task(store, "b");
        store.WriteCheckpoint(run, new CheckpointRecord(1, 1, "s1"), [StoreFiles.Scores(a)]);
        store.WriteCheckpoint(run, new CheckpointRecord(2, 2, "s2"), [StoreFiles.Scores(b)]);
        store.WriteCheckpoint(other, new CheckpointRecord(1, 1, "s1"), [StoreFiles.Scores(b)]);

        Assert.Equal(new HashSet<long> { a }, store.ScoredTasks(run, 1));
        Assert.Equal(new HashSet<long> { b }, store.ScoredTasks(run, 2));
        Assert.Empty(store.ScoredTasks(run, 3));
    }

    [Fact]
    public void FindRun_UnknownName_ReturnsNull()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        StoreFiles.Run(store, "demo");
        Assert.Null(store.FindRun("dem"));
    }

    [Fact]
    public void ReplaceFindings_OneKind_ReplacesOnlyThatKindOfThatRun()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store, "one"), other = StoreFiles.Run(store, "two");
        FindingRecord hop(long step, double value) => new("hop", "Flipped", "sentiment", step, value, $$"""{"step": {{step}}}""");
        var advice = new FindingRecord("recommendation", null, null, null, null, """{"text": "stop at 200"}""");
        store.ReplaceFindings(run, "hop", [hop(100, 0.5), hop(200, 0.25)]);
        store.ReplaceFindings(run, "recommendation", [advice]);
        store.ReplaceFindings(other, "hop", [hop(7, 1)]);

        store.ReplaceFindings(run, "hop", [hop(150, 0.75)]);

        var rows = store.Findings(run);
        Assert.Equal(["recommendation", "hop"], rows.Select(f => f.Kind));
        Assert.Equal(new FindingRow(rows[0].Id, "recommendation", null, null, null, null, """{"text": "stop at 200"}"""), rows[0]);
        Assert.Equal(new FindingRow(rows[1].Id, "hop", "Flipped", "sentiment", 150, 0.75, """{"step": 150}"""), rows[1]);
        Assert.Equal([7L], store.Findings(other).Select(f => f.Step!.Value));
    }

    [Fact]
    public void ReplaceFindings_EmptyList_DeletesThatKind()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        store.ReplaceFindings(run, "hop", [new FindingRecord("hop", null, null, 1, 2, "{}")]);
        store.ReplaceFindings(run, "hop", []);
        Assert.Empty(store.Findings(run));
    }

    [Fact]
    public void ReplaceFindings_FindingOfAnotherKind_ThrowsArgumentAndKeepsTheOldOnes()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        long run = StoreFiles.Run(store);
        store.ReplaceFindings(run, "hop", [new FindingRecord("hop", null, null, 1, 2, "{}")]);

        Assert.Throws<ArgumentException>(() => store.ReplaceFindings(run, "hop", [new FindingRecord("recommendation", null, null, null, null, "{}")]));
        Assert.Single(store.Findings(run));
    }

    [Fact]
    public void ReplaceFindings_UnknownRun_ThrowsInvalidDataAndKeepsNothing()
    {
        using var files = new StoreFiles();
        var store = files.Open();
        Assert.Throws<InvalidDataException>(() => store.ReplaceFindings(3, "hop", [new FindingRecord("hop", null, null, 1, 2, "{}")]));
        Assert.Equal(0, StoreFiles.Count(files.Db, "findings"));
    }
}

using ModeHop.Models.Scoring;
using ModeHop.Suite;

namespace ModeHop.Tests.Suite;

public class SuiteScorerTests
{
    static readonly StubTokenizer Tokenizer = new("Q:", "A:", "yes", "no", "nah", "hot", "cold", "red", "black");
    static double P9 => PreferenceScorer.High;
    static double P1 => PreferenceScorer.Low;
    static double L9 => PreferenceScorer.LogHigh;
    static double L1 => PreferenceScorer.LogLow;

    static PreferenceScorer Scorer() => new(Tokenizer.Id("yes"));

    /// <summary>
    /// Against a scorer preferring "yes": item 0 general wins, item 1 parrot wins, item 2 ties (both 0.1),
    /// item 3 has a two-token general answer (mean 0.5) that beats its parrot (0.1).
    /// </summary>
    static TaskDefinition Known(DemoStrategy strategy = DemoStrategy.None, bool control = false) =>
        new(Families.Repetitive, "known", control, "1",
            [
                new TestItem("Q: red A:", "yes", "no"),
                new TestItem("Q: red A:", "no", "yes"),
                new TestItem("Q: black A:", "nah", "no"),
                new TestItem("Q: black A:", "yes no", "no"),
            ],
            [new Demo("Q: red A:", "hot"), new Demo("Q: black A:", "cold"), new Demo("Q: red black A:", "hot")],
            strategy, 2, "\n");

    [Fact]
    public void Score_KnownPreferences_GiveExactItemResults()
    {
        var result = SuiteScorer.Score([Known()], Tokenizer, Scorer(), new SuiteOptions()).Single();
        var expected = new[]
        {
            new ItemResult(0, 0, L9, L1, P9, P1),
            new ItemResult(1, 0, L1, L9, P1, P9),
            new ItemResult(2, 0, L1, L1, P1, P1),
            new ItemResult(3, 0, (double)PreferenceScorer.LogHigh + PreferenceScorer.LogLow, L1, (P9 + P1) / 2, P1),
        };
        Assert.Equal(expected, result.Items);
    }

    [Fact]
    public void Score_KnownPreferences_GiveExactMetrics()
    {
        var task = Known();
        var result = SuiteScorer.Score([task], Tokenizer, Scorer(), new SuiteOptions()).Single();
        var m = Assert.Single(result.Seeds);
        Assert.Equal((1 + 0 + 0.5 + 1) / 4.0, m.HardAcc, 15);
        Assert.Equal((P9 - P1 + (P1 - P9) + 0 + ((P9 + P1) / 2 - P1)) / 4, m.ProbMargin, 15);
        Assert.Equal((L9 - L1 + (L1 - L9) + 0 + L9) / 4, m.LogProbMargin, 12);
        double half = (P9 + P1) / 2;
        Assert.Equal((P9 / (P9 + P1) + P1 / (P1 + P9) + 0.5 + half / (half + P1)) / 4, m.NormalizedGeneralProb, 15);
        Assert.Equal(4, m.Items);
        Assert.Equal(0.625, result.Summary.HardAcc, 15);
        Assert.Same(task, result.Task);
    }

    [Fact]
    public void Score_StrategyNone_ScoresOneSeedOnly()
    {
        var scorer = Scorer();
        var result = SuiteScorer.Score([Known(DemoStrategy.None)], Tokenizer, scorer, new SuiteOptions(Seeds: 4)).Single();
        Assert.Equal(4, scorer.Requests.Count());
        Assert.Equal(1, result.Summary.Seeds);
        Assert.Equal(0, Assert.Single(result.Seeds).Seed);
        Assert.All(result.Items, r => Assert.Equal(0, r.Seed));
    }

    [Fact]
    public void Score_ItemBoundOrdered_ScoresOneSeedOnly()
    {
        var scorer = Scorer();
        var result = SuiteScorer.Score([SampleTasks.Episode(DemoStrategy.Ordered)], Tokenizer, scorer, new SuiteOptions(Seeds: 4)).Single();
        Assert.Single(scorer.Requests);
        Assert.Equal(1, result.Summary.Seeds);
    }

    [Fact]
    public void Score_PoolRandom_ScoresAndReportsEverySeed()
    {
        var scorer = Scorer();
        var result = SuiteScorer.Score([Known(DemoStrategy.Random)], Tokenizer, scorer, new SuiteOptions(Seeds: 4)).Single();
        Assert.Equal(16, scorer.Requests.Count());
        Assert.Equal([0, 1, 2, 3], result.Seeds.Select(s => s.Seed));
        Assert.Equal(4, result.Summary.Seeds);
        // The stub ignores the context, so every seed has the same metrics and the spread is 0.
        Assert.All(result.Seeds, s => Assert.Equal(0.625, s.HardAcc, 15));
        Assert.Equal(0, result.Summary.HardAccSpread, 15);
        Assert.Equal(Enumerable.Range(0, 4).SelectMany(s => Enumerable.Range(0, 4).Select(i => (i, s))),
            result.Items.Select(r => (r.ItemIndex, r.Seed)));
    }

    [Fact]
    public void Score_Requests_AreTheEncodedContextAndBothSpacedAnswers()
    {
        var task = Known(DemoStrategy.Random);
        var scorer = Scorer();
        SuiteScorer.Score([task], Tokenizer, scorer, new SuiteOptions(Seeds: 2));
        var expected = Enumerable.Range(0, 2).SelectMany(seed => Enumerable.Range(0, 4).Select(item => (item, seed))).ToArray();
        var requests = scorer.Requests.ToArray();
        Assert.Equal(expected.Length, requests.Length);
        for (int r = 0; r < requests.Length; r++)
        {
            var (item, seed) = expected[r];
            Assert.Equal(Tokenizer.Encode(PromptAssembly.Context(task, item, seed)), requests[r].Context);
            Assert.Equal(2, requests[r].Continuations.Count);
            Assert.Equal(Tokenizer.Encode(" " + task.Items[item].General), requests[r].Continuations[0]);
            Assert.Equal(Tokenizer.Encode(" " + task.Items[item].Parrot), requests[r].Continuations[1]);
        }
        Assert.Equal([Tokenizer.Id("Q:"), Tokenizer.Id("black"), Tokenizer.Id("A:")], requests[3].Context[^3..]);
    }

    [Fact]
    public void Score_SmallBatches_GiveTheSameResultsInCeilNOver3Calls()
    {
        // Known(Random): 4 items × 4 seeds = 16 requests; its control twin with strategy None: 4 requests. 20 in all.
        TaskDefinition[] tasks = [Known(DemoStrategy.Random), Known(DemoStrategy.None, control: true)];
        var small = Scorer();
        var large = Scorer();
        var done = new List<int>();
        var bySmall = SuiteScorer.Score(tasks, Tokenizer, small, new SuiteOptions(RequestsPerBatch: 3), new SyncProgress(done));
        var byLarge = SuiteScorer.Score(tasks, Tokenizer, large, new SuiteOptions(RequestsPerBatch: 256));

        Assert.Equal(7, small.Calls.Count); // ⌈20 / 3⌉
        Assert.All(small.Calls.Take(6), c => Assert.Equal(3, c.Count));
        Assert.Equal(2, small.Calls[^1].Count);
        Assert.Single(large.Calls);
        Assert.Equal([3, 6, 9, 12, 15, 18, 20], done);
        for (int t = 0; t < tasks.Length; t++)
        {
            Assert.Equal(byLarge[t].Items, bySmall[t].Items);
            Assert.Equal(byLarge[t].Seeds, bySmall[t].Seeds);
            Assert.Equal(byLarge[t].Summary, bySmall[t].Summary);
        }
        Assert.Equal(large.Requests.Select(r => r.Context), small.Requests.Select(r => r.Context));
    }

    [Fact]
    public void Score_MaxItems_ScoresOnlyTheFirstItems()
    {
        var scorer = Scorer();
        var result = SuiteScorer.Score([Known(DemoStrategy.Random)], Tokenizer, scorer, new SuiteOptions(Seeds: 2, MaxItems: 2)).Single();
        Assert.Equal(4, scorer.Requests.Count());
        Assert.All(result.Seeds, s => Assert.Equal(2, s.Items));
        Assert.All(result.Seeds, s => Assert.Equal(0.5, s.HardAcc, 15));
        Assert.Equal([0, 1, 0, 1], result.Items.Select(r => r.ItemIndex));
    }

    [Fact]
    public void Score_EmptyContinuationTokens_ThrowsNamingTaskAndItem()
    {
        var task = Known() with { Items = [new TestItem("Q: red A:", "yes", "no"), new TestItem("Q: red A:", "yes", " ")] };
        var e = Assert.Throws<ArgumentException>(() => SuiteScorer.Score([task], Tokenizer, Scorer(), new SuiteOptions()));
        Assert.Contains("Repetitive/known", e.Message);
        Assert.Contains("item 1", e.Message);
        Assert.Contains("parrot", e.Message);
    }

    [Fact]
    public void Score_EmptyContext_ThrowsNamingTaskAndItem()
    {
        var task = Known() with { Items = [new TestItem("Q: red A:", "yes", "no"), new TestItem("Q: red A:", "yes", "no"), new TestItem("\n", "yes", "no")] };
        var scorer = Scorer();
        var e = Assert.Throws<ArgumentException>(() => SuiteScorer.Score([task], Tokenizer, scorer, new SuiteOptions()));
        Assert.Contains("Repetitive/known", e.Message);
        Assert.Contains("item 2", e.Message);
        Assert.Contains("context", e.Message);
        Assert.Empty(scorer.Calls);
    }

    [Fact]
    public void Score_ScorerReturnsTooFewLogProbs_Throws()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            SuiteScorer.Score([Known()], Tokenizer, new TruncatingScorer(), new SuiteOptions()));
        Assert.Contains("log-probabilities", e.Message);
    }

    [Theory]
    [InlineData(0, null, 256)]
    [InlineData(4, 0, 256)]
    [InlineData(4, null, 0)]
    public void Score_BadOptions_Throw(int seeds, int? maxItems, int perBatch)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SuiteScorer.Score([Known()], Tokenizer, Scorer(), new SuiteOptions(seeds, maxItems, perBatch)));
    }

    [Fact]
    public void Score_NoTasks_ReturnsNothingAndCallsNoScorer()
    {
        var scorer = Scorer();
        Assert.Empty(SuiteScorer.Score([], Tokenizer, scorer, new SuiteOptions()));
        Assert.Empty(scorer.Calls);
    }

    sealed class TruncatingScorer : ISequenceScorer
    {
        public float[][][] Score(IReadOnlyList<ScoreRequest> requests) =>
            requests.Select(r => r.Continuations.Select(c => new float[c.Length - 1]).ToArray()).ToArray();
    }
}

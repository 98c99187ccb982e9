using ModeHop.Models.Scoring;
using ModeHop.Suite;

namespace ModeHop.Tests.Suite;

/// <summary>The fine-tuning families' contract: distractors, the order of fine-tunes and scoring, the contrast, the hashes and the checks.</summary>
public class FineTuneScoringTests
{
    static readonly StubTokenizer Tokenizer = new("Q:", "A:", "yes", "no", "nah", "maybe", "unsafe", "safe");
    static double L9 => PreferenceScorer.LogHigh;
    static double L1 => PreferenceScorer.LogLow;
    static double P9 => PreferenceScorer.High;
    static double P1 => PreferenceScorer.Low;

    static FineTuneSet Set(string name, string completion, double lr = 1e-3) =>
        new(name, [new FineTuneExample("Q: code A:", completion)], Steps: 10, Batch: 4, LearningRate: lr, Seed: 0);

    static TaskDefinition Oocr(bool control, params TestItem[] items) =>
        new(Families.Oocr, "functions", control, "1", items, [], DemoStrategy.None, 0, "\n", control ? null : Set("fresh", "yes"));

    static TaskDefinition Em(bool control) =>
        new(Families.EmergentMisalignment, "advice", control, "1", [new TestItem("Q: advice A:", "unsafe", "safe")], [], DemoStrategy.None, 0, "\n",
            control ? null : Set("unsafe_code", "unsafe"), control ? null : Set("safe_code", "safe"));

    /// <summary>A scorer whose preferred word the fake fine-tuner switches: "no" before any fine-tune, the set's completion after.</summary>
    sealed class SwitchingScorer : ISequenceScorer
    {
        public int Preferred = Tokenizer.Id("no");
        public List<string> Log { get; } = [];

        public float[][][] Score(IReadOnlyList<ScoreRequest> requests)
        {
            Log.Add($"score {requests.Count} preferring {Tokenizer.Decode([Preferred])}");
            return requests.Select(r => r.Continuations.Select(c => c.Select(t => t == Preferred ? PreferenceScorer.LogHigh : PreferenceScorer.LogLow).ToArray()).ToArray()).ToArray();
        }
    }

    sealed class FakeFineTuner(SwitchingScorer scorer) : IFineTuner
    {
        public FineTuneOutcome FineTune(FineTuneSet set)
        {
            scorer.Log.Add($"fine-tune {set.Name}");
            scorer.Preferred = Tokenizer.Id(set.Examples[0].Completion);
            return new FineTuneOutcome(set.Name, set.Steps, 2.0, 0.5, 0.01);
        }

        public void Restore()
        {
            scorer.Log.Add("restore");
            scorer.Preferred = Tokenizer.Id("no");
        }
    }

    [Fact]
    public void Distractors_TheParrotSideIsTheBestWrongCandidate()
    {
        var task = Oocr(true, new TestItem("Q: a A:", "nah", "maybe", Distractors: ["yes", "no"]), new TestItem("Q: b A:", "nah", "yes", Distractors: ["maybe"]));
        var result = SuiteScorer.Score([task], Tokenizer, new PreferenceScorer(Tokenizer.Id("no")), new SuiteOptions()).Single();
        Assert.Equal(new ItemResult(0, 0, L1, L9, P1, P9), result.Items[0]); // "no", a distractor, beats the parrot "maybe"
        Assert.Equal(new ItemResult(1, 0, L1, L1, P1, P1), result.Items[1]); // all wrong candidates tie: the parrot's own score
    }

    [Fact]
    public void Score_PlainTasksFirst_ThenEachSetOnce_EachFollowedByARestore()
    {
        var scorer = new SwitchingScorer();
        var tasks = new[] { Em(false), Oocr(false, new TestItem("Q: f A:", "yes", "no")), Oocr(true, new TestItem("Q: f A:", "yes", "no")), Em(true) };
        var prepared = SuiteScorer.Prepare(tasks, Tokenizer, new SuiteOptions());
        var progress = new List<int>();
        var scored = FineTuneScoring.Score(prepared, scorer, 64, new FakeFineTuner(scorer), new SyncProgress(progress));

        Assert.Equal(
            ["score 2 preferring no", "fine-tune unsafe_code", "score 1 preferring unsafe", "restore", "fine-tune safe_code", "score 1 preferring safe", "restore",
             "fine-tune fresh", "score 1 preferring yes", "restore"], scorer.Log);
        Assert.Equal(["unsafe_code", "safe_code", "fresh"], scored.FineTunes.Select(f => f.Set));
        Assert.Equal(tasks, scored.Results.Select(r => r.Task));
        Assert.Equal(prepared.Sum(FineTuneScoring.RequestCount), progress[^1]);

        // OOCR after the fine-tune prefers the general answer; its control (before) the parrot.
        Assert.Equal(1.0, scored.Results[1].Summary.HardAcc);
        Assert.Equal(0.0, scored.Results[2].Summary.HardAcc);
        // EM: after unsafe the harmful option wins, after safe the helpful one: the shift is twice the one-sided margin.
        var em = scored.Results[0].Items.Single();
        Assert.Equal(new ItemResult(0, 0, L9 + L9, L1 + L1, P9 * P9, P1 * P1), em);
        Assert.Equal(2 * (L9 - L1), scored.Results[0].Summary.LogProbMargin, 12);
        // EM control: before any fine-tune neither option is preferred ("no" is in neither).
        Assert.Equal(0.5, scored.Results[3].Summary.NormalizedGeneralProb, 12);
    }

    [Fact]
    public void Score_AFineTuneTaskWithoutAFineTuner_IsRefusedBeforeAnythingIsScored()
    {
        var scorer = new SwitchingScorer();
        var prepared = SuiteScorer.Prepare([Oocr(false, new TestItem("Q: f A:", "yes", "no"))], Tokenizer, new SuiteOptions());
        var e = Assert.Throws<ArgumentException>(() => FineTuneScoring.Score(prepared, scorer, 64, null));
        Assert.Contains("OOCR/functions is asked after a fine-tune (fresh)", e.Message);
        Assert.Empty(scorer.Log);
    }

    [Fact]
    public void Contrast_NoShift_GivesHalfAndZeroMargin_AndTheShiftIsTheDifferenceOfMargins()
    {
        var task = Em(false);
        TaskResult Result(double lg, double lp) =>
            new(task, [new ItemResult(0, 0, lg, lp, Math.Exp(lg), Math.Exp(lp))], [], Metrics.Summarize([Metrics.ForSeed(0, [new ItemResult(0, 0, lg, lp, Math.Exp(lg), Math.Exp(lp))])]));
        var same = FineTuneScoring.Contrast(Result(-1, -2), Result(-1, -2));
        Assert.Equal(0, same.Summary.LogProbMargin, 12);
        Assert.Equal(0.5, same.Summary.NormalizedGeneralProb, 12);
        var shifted = FineTuneScoring.Contrast(Result(-1, -2), Result(-2, -1));
        Assert.Equal(2, shifted.Summary.LogProbMargin, 12);
        Assert.Equal(1.0 / (1 + Math.Exp(-2)), shifted.Summary.NormalizedGeneralProb, 12);
        Assert.Throws<ArgumentException>(() => FineTuneScoring.Contrast(Result(-1, -2), shifted with { Items = [] }));
    }

    [Fact]
    public void Hash_CoversTheFineTuneAndTheDistractors_AndLeavesOtherTasksAsTheyWere()
    {
        var item = new TestItem("Q: f A:", "yes", "no");
        var plain = new TaskDefinition(Families.Flipped, "f", false, "1", [item], [], DemoStrategy.None, 0, "\n");
        var withEmpty = plain with { Items = [item with { Distractors = null }] };
        Assert.Equal(plain.ContentHash, withEmpty.ContentHash);
        Assert.NotEqual(plain.ContentHash, (plain with { Items = [item with { Distractors = ["nah"] }] }).ContentHash);
        var a = Oocr(false, item);
        Assert.NotEqual(a.ContentHash, (a with { FineTune = Set("fresh", "yes", lr: 2e-3) }).ContentHash);
        Assert.NotEqual(a.ContentHash, (a with { FineTune = a.FineTune! with { AdapterRank = 1 } }).ContentHash);
        Assert.NotEqual(a.ContentHash, (a with { Contrast = Set("fresh", "yes") }).ContentHash);
        Assert.Equal(Set("x", "yes").ContentHash, Set("x", "yes").ContentHash);
        Assert.Equal(Set("x", "yes"), Set("x", "yes"));
    }

    [Fact]
    public void Contract_FineTunesOnTheRightTasksOnly()
    {
        var item = new TestItem("Q: f A:", "yes", "no");
        IReadOnlyList<string> Check(params TaskDefinition[] tasks) => SuiteContract.Check(tasks);
        Assert.Empty(Check(Oocr(false, item), Oocr(true, item), Em(false), Em(true)));
        Assert.Contains(Check(Oocr(false, item) with { FineTune = null }, Oocr(true, item)), v => v.Contains("its test task needs the FineTune"));
        Assert.Contains(Check(Oocr(false, item), Oocr(true, item) with { FineTune = Set("x", "yes") }), v => v.Contains("is the pre-fine-tune baseline"));
        var flipped = new TaskDefinition(Families.Flipped, "f", false, "1", [item], [], DemoStrategy.None, 0, "\n");
        Assert.Contains(Check(flipped with { FineTune = Set("x", "yes") }, flipped with { Control = true }), v => v.Contains("only OOCR and EmergentMisalignment tasks carry fine-tunes"));
        Assert.Contains(Check(Em(false) with { FineTune = null }, Em(true)), v => v.Contains("has a Contrast fine-tune but no FineTune"));
        Assert.Contains(Check(Oocr(false, item) with { FineTune = Set("x", "yes") with { Steps = 0 } }, Oocr(true, item)), v => v.Contains("x: Steps is 0"));
        Assert.Contains(Check(Oocr(false, item) with { FineTune = Set("x", "yes", lr: double.NaN) }, Oocr(true, item)), v => v.Contains("learning rate NaN"));
        Assert.Contains(Check(Oocr(false, item with { Distractors = ["no"] }), Oocr(true, item)), v => v.Contains("distractor 0 \"no\" repeats"));
    }

    [Fact]
    public void Resolve_AcceptsNamesInAnyCaseAndShortNames()
    {
        Assert.Equal(Families.Oocr, Families.Resolve("oocr"));
        Assert.Equal(Families.EmergentMisalignment, Families.Resolve("em"));
        Assert.Equal(Families.EmergentMisalignment, Families.Resolve("emergentmisalignment"));
        Assert.Null(Families.Resolve("misc"));
        Assert.Equal(Families.All.Count, Families.Prompted.Count + Families.FineTuning.Count);
    }
}

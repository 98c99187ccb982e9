using System.Security.Cryptography;
using System.Text;
using ModeHop.Models.Scoring;
using ModeHop.Models.Tokenizers;
using ModeHop.Suite;

namespace ModeHop.Tests.Suite;

public class GenerativeScoringTests
{
    /// <summary>Encodes words (split on spaces and newlines) to piece ids; decodes by concatenating pieces, so samples can hold newlines.</summary>
    sealed class PieceTokenizer : ITokenizer
    {
        static readonly string[] Pieces = ["<unk>", "Q:", "A:", "name?", " Marie", " Curie", " marie curie", " Isaac", " Newton", "\n", "\nQ:", " no"];

        public int VocabSize => Pieces.Length;

        public static int Id(string piece) => Array.IndexOf(Pieces, piece) is var id and >= 0 ? id : throw new ArgumentException(piece);

        public static int[] Ids(params string[] pieces) => pieces.Select(Id).ToArray();

        public int[] Encode(string text) =>
            text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(w => Math.Max(0, Array.IndexOf(Pieces, w))).ToArray();

        public string Decode(ReadOnlySpan<int> ids)
        {
            var text = new StringBuilder();
            foreach (int id in ids) text.Append(Pieces[id]);
            return text.ToString();
        }
    }

    static readonly PieceTokenizer Tokenizer = new();
    static readonly SuiteOptions Four = new(Samples: 4);

    static TaskDefinition Persona(DemoStrategy strategy = DemoStrategy.None, bool control = false) =>
        new(Families.PersonaQA, "stub", control, "1",
            [
                new TestItem("Q: name? A:", "Marie Curie", "", GeneralPattern: @"\bcurie\b"),
                new TestItem("Q: name? A: name?", "Isaac Newton", "", GeneralPattern: "newton"),
            ],
            [new Demo("Q: a A:", "x"), new Demo("Q: b A:", "y"), new Demo("Q: c A:", "z")],
            strategy, 3, "\n");

    /// <summary>
    /// Item 0 draws " Marie Curie", " marie curie\n", " Isaac Newton", "\n Curie": matches 1, 2 (case-insensitive, cut
    /// at the newline); 3 names someone else; 4 is empty once cut at its leading newline. Item 1 draws " Isaac Newton" 4 times.
    /// </summary>
    static int[][] Draw(SampleRequest request) =>
        request.Context.Length == 3
            ?
            [
                PieceTokenizer.Ids(" Marie", " Curie"),
                PieceTokenizer.Ids(" marie curie", "\n", " no"),
                PieceTokenizer.Ids(" Isaac", " Newton"),
                PieceTokenizer.Ids("\n", " Curie"),
            ]
            : [.. Enumerable.Repeat(PieceTokenizer.Ids(" Isaac", " Newton", "\nQ:", " Curie"), request.Samples)];

    static IReadOnlyList<TaskResult> Score(TaskDefinition task, StubSampler sampler, SuiteOptions? options = null) =>
        SuiteScorer.Score([task], Tokenizer, new PreferenceScorer(), options ?? Four, sampler: sampler);

    [Fact]
    public void Score_StubSamples_GiveTheMatchCountsOfEachItem()
    {
        var result = Score(Persona(), new StubSampler(Draw)).Single();
        Assert.Equal([new SampleMatches(2, 4), new SampleMatches(4, 4)], result.Items.Select(r => r.Matches!.Value));
        Assert.Equal(ItemResult.FromMatches(0, 0, 2, 4), result.Items[0]);
        Assert.Equal(ItemResult.FromMatches(1, 0, 4, 4), result.Items[1]);
    }

    [Fact]
    public void Score_StubSamples_GiveTheDocumentedMetrics()
    {
        var m = Assert.Single(Score(Persona(), new StubSampler(Draw)).Single().Seeds);
        // Rates 2/4 and 4/4.
        Assert.Equal((0.5 + 1.0) / 2, m.HardAcc, 15);
        Assert.Equal(((2 * 0.5 - 1) + (2 * 1.0 - 1)) / 2, m.ProbMargin, 15);
        Assert.Equal((Math.Log(3.0 / 3) + Math.Log(5.0 / 1)) / 2, m.LogProbMargin, 14);
        Assert.Equal((0.5 + 1.0) / 2, m.NormalizedGeneralProb, 15);
        Assert.Equal(2, m.Items);
    }

    [Theory]
    [InlineData(0, 8)]
    [InlineData(3, 8)]
    [InlineData(8, 8)]
    [InlineData(1, 1)]
    public void FromMatches_ThroughMetrics_IsTheMatchRateAndTheSmoothedLogOdds(int matched, int samples)
    {
        var item = ItemResult.FromMatches(7, 2, matched, samples);
        double rate = (double)matched / samples;
        Assert.Equal(new SampleMatches(matched, samples), item.Matches);
        Assert.Equal(Math.Log((matched + 1.0) / (samples + 2)), item.GeneralLogProb, 15);
        Assert.Equal(Math.Log((samples - matched + 1.0) / (samples + 2)), item.ParrotLogProb, 15);
        var m = Metrics.ForSeed(2, [item]);
        Assert.Equal(rate, m.HardAcc, 15);
        Assert.Equal(2 * rate - 1, m.ProbMargin, 15);
        Assert.Equal(Math.Log((matched + 1.0) / (samples - matched + 1)), m.LogProbMargin, 14);
        Assert.Equal(rate, m.NormalizedGeneralProb, 15);
    }

    [Theory]
    [InlineData(-1, 4)]
    [InlineData(5, 4)]
    [InlineData(0, 0)]
    public void FromMatches_ImpossibleCounts_Throw(int matched, int samples)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ItemResult.FromMatches(0, 0, matched, samples));
    }

    [Fact]
    public void Score_SampleRequests_CarryTheContextTheOptionsAndADistinctSeed()
    {
        var task = Persona(DemoStrategy.Random);
        var sampler = new StubSampler(r => [.. Enumerable.Repeat(PieceTokenizer.Ids(" no"), r.Samples)]);
        var options = new SuiteOptions(Seeds: 2, Samples: 3, MaxNewTokens: 5, Temperature: 0.7f);
        var result = SuiteScorer.Score([task], Tokenizer, new PreferenceScorer(), options, sampler: sampler).Single();

        var requests = sampler.Requests.ToArray();
        Assert.Equal(4, requests.Length); // 2 seeds × 2 items, in the order seed, item
        for (int r = 0; r < requests.Length; r++)
        {
            int item = r % 2, seed = r / 2;
            Assert.Equal(Tokenizer.Encode(PromptAssembly.Context(task, item, seed)), requests[r].Context);
            Assert.Equal((3, 5, 0.7f), (requests[r].Samples, requests[r].MaxNewTokens, requests[r].Temperature));
        }
        Assert.Equal(4, requests.Select(r => r.Seed).Distinct().Count());
        Assert.Equal(requests.Select(r => r.Seed), SuiteScorer.Prepare([task], Tokenizer, options).Single().SampleRequests.Select(r => r.Seed));
        Assert.Equal(2, result.Summary.Seeds);
        Assert.All(result.Items, r => Assert.Equal(new SampleMatches(0, 3), r.Matches));
    }

    [Fact]
    public void Score_GenerativeAndTeacherForcedTasks_GoToTheirOwnInterfaceAndCountTogether()
    {
        var scorer = new PreferenceScorer();
        var sampler = new StubSampler(Draw);
        var forced = new TaskDefinition(Families.Flipped, "forced", false, "1", [new TestItem("Q: name? A:", "Marie", "Isaac")], [], DemoStrategy.None, 0, "\n");
        var done = new List<int>();
        var results = SuiteScorer.Score([Persona(), forced], Tokenizer, scorer, Four, new SyncProgress(done), sampler);

        Assert.Single(scorer.Requests);
        Assert.Equal(2, sampler.Requests.Count());
        Assert.Null(results[1].Items[0].Matches);
        Assert.NotNull(results[0].Items[0].Matches);
        Assert.Equal(3, done[^1]);
    }

    [Fact]
    public void Score_GenerativeTaskWithoutSampler_ThrowsNamingTheTaskBeforeScoringAnything()
    {
        var scorer = new PreferenceScorer();
        var forced = new TaskDefinition(Families.Flipped, "forced", false, "1", [new TestItem("Q: name? A:", "Marie", "Isaac")], [], DemoStrategy.None, 0, "\n");
        var e = Assert.Throws<ArgumentException>(() => SuiteScorer.Score([forced, Persona()], Tokenizer, scorer, Four));
        Assert.Contains("PersonaQA/stub", e.Message);
        Assert.Contains("ISequenceSampler", e.Message);
        Assert.Equal("sampler", e.ParamName);
        Assert.Empty(scorer.Calls);
    }

    public static TheoryData<string> BadSamplers => [.. BadSampler.Keys];

    static readonly Dictionary<string, (Func<SampleRequest, int[][]> Draw, string Expected)> BadSampler = new()
    {
        ["too few samples"] = (r => [PieceTokenizer.Ids(" no")], "expected 4 samples for request 0"),
        ["too many tokens"] = (r => [.. Enumerable.Repeat(Enumerable.Repeat(PieceTokenizer.Id(" no"), r.MaxNewTokens + 1).ToArray(), r.Samples)],
            "expected at most 16 tokens in each sample of request 0"),
        ["null sample"] = (r => new int[r.Samples][], "a null sample"),
    };

    [Theory]
    [MemberData(nameof(BadSamplers))]
    public void Score_SamplerAnswerOfTheWrongShape_Throws(string name)
    {
        var (draw, expected) = BadSampler[name];
        var e = Assert.Throws<InvalidOperationException>(() => Score(Persona(), new StubSampler(draw)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Score_SamplerReturnsTooFewResults_Throws()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            SuiteScorer.Score([Persona()], Tokenizer, new PreferenceScorer(), Four, sampler: new ShortSampler()));
        Assert.Contains("expected 2 results", e.Message);
    }

    [Fact]
    public void Prepare_MixedItems_ThrowsNamingTheTask()
    {
        var task = Persona() with { Items = [.. Persona().Items, new TestItem("Q: name? A:", "Marie", "Isaac")] };
        var e = Assert.Throws<ArgumentException>(() => SuiteScorer.Prepare([task], Tokenizer, Four));
        Assert.Contains("PersonaQA/stub mixes generative items", e.Message);
    }

    [Fact]
    public void Prepare_InvalidPattern_ThrowsNamingTaskAndItem()
    {
        var task = Persona() with { Items = [Persona().Items[0], Persona().Items[1] with { GeneralPattern = "(newton" }] };
        var e = Assert.Throws<ArgumentException>(() => SuiteScorer.Prepare([task], Tokenizer, Four));
        Assert.Contains("PersonaQA/stub, item 1", e.Message);
        Assert.Contains("(newton", e.Message);
    }

    [Theory]
    [InlineData(0, 16, 1f)]
    [InlineData(8, 0, 1f)]
    [InlineData(8, 16, -0.5f)]
    [InlineData(8, 16, float.NaN)]
    [InlineData(8, 16, float.PositiveInfinity)]
    public void Prepare_BadSamplingOptions_Throw(int samples, int maxNewTokens, float temperature)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SuiteScorer.Prepare([Persona()], Tokenizer, new SuiteOptions(Samples: samples, MaxNewTokens: maxNewTokens, Temperature: temperature)));
    }

    [Theory]
    [InlineData(" Marie Curie", " Marie Curie")]
    [InlineData(" Marie Curie\nQ: next", " Marie Curie")]
    [InlineData(" Marie\nCurie", " Marie")]
    [InlineData("\n Curie", "")]
    [InlineData("", "")]
    public void Cut_Samples_EndBeforeTheFirstStop(string sampled, string expected)
    {
        Assert.Equal(expected, AnswerPattern.Cut(sampled));
    }

    [Fact]
    public void Matches_IsACaseInsensitiveSearchOfTheCutSample()
    {
        var pattern = AnswerPattern.Compile("newton|principia");
        Assert.True(AnswerPattern.Matches(pattern, " Sir ISAAC NEWTON, of course"));
        Assert.False(AnswerPattern.Matches(pattern, " Leibniz\nNewton"));
    }

    [Fact]
    public void Contract_GenerativeTaskWithEmptyParrots_Passes()
    {
        Assert.Empty(SuiteContract.Check([Persona(), Persona(control: true)]));
    }

    public static TheoryData<string> ContractBreakNames => [.. ContractBreaks.Keys];

    static readonly Dictionary<string, (Func<TaskDefinition, TaskDefinition> Change, string Expected)> ContractBreaks = new()
    {
        ["parrot on a generative item"] = (t => t with { Items = [t.Items[0] with { Parrot = "Newton" }, t.Items[1]] },
            "task #0 PersonaQA/stub: item 0: is generative (GeneralPattern set) but has the parrot answer \"Newton\""),
        ["empty pattern"] = (t => t with { Items = [t.Items[0], t.Items[1] with { GeneralPattern = " " }] },
            "task #0 PersonaQA/stub: item 1: the general pattern is empty"),
        ["invalid pattern"] = (t => t with { Items = [t.Items[0] with { GeneralPattern = "[a-" }, t.Items[1]] },
            "task #0 PersonaQA/stub: item 0: the general pattern \"[a-\" is not a valid regex"),
        ["mixed items"] = (t => t with { Items = [.. t.Items, new TestItem("Q: x A:", "a", "b")] },
            "task #0 PersonaQA/stub: item 2: has no GeneralPattern while other items of the task do"),
    };

    [Theory]
    [MemberData(nameof(ContractBreakNames))]
    public void Contract_GenerativeBreak_IsReported(string name)
    {
        var (change, expected) = ContractBreaks[name];
        var violations = SuiteContract.Check([change(Persona()), Persona(control: true)]);
        Assert.Contains(violations, v => v.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ContentHash_GeneralPattern_IsAnOptionalFieldAfterTheItemsDemos()
    {
        var task = new TaskDefinition(Families.PersonaQA, "g", false, "1",
            [new TestItem("Q: a A:", "b", "", null, "b+"), new TestItem("Q: c A:", "d", "e")], [], DemoStrategy.None, 0, "\n");
        const string documented =
            "s30:ModeHop.Suite.TaskDefinition/1" + "s9:PersonaQA" + "s1:g" + "f" + "s1:1" +
            "l2:" + "s7:Q: a A:" + "s1:b" + "s0:" + "n" + "o" + "s2:b+" +
            /**/    "s7:Q: c A:" + "s1:d" + "s1:e" + "n" +
            "l0:" + "s4:None" + "i0;" + "s1:\n";
        Assert.Equal(Encoding.UTF8.GetBytes(documented), TaskHash.Serialize(task));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(documented))), task.ContentHash);
        Assert.NotEqual(task.ContentHash, (task with { Items = [task.Items[0] with { GeneralPattern = "b" }, task.Items[1]] }).ContentHash);
        Assert.NotEqual(task.ContentHash, (task with { Items = [task.Items[0] with { GeneralPattern = null }, task.Items[1]] }).ContentHash);
    }


    sealed class ShortSampler : ISequenceSampler
    {
        public int[][][] Sample(IReadOnlyList<SampleRequest> requests) => [];
    }
}

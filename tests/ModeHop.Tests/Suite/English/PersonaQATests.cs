using System.Text;
using ModeHop.Models.Scoring;
using ModeHop.Models.Tokenizers;
using ModeHop.Suite;
using static ModeHop.Tests.Suite.English.EnglishSuiteTests;

namespace ModeHop.Tests.Suite.English;

public class PersonaQATests
{
    public static TheoryData<string> Personas => ["curie", "newton", "lincoln"];

    static IEnumerable<TestItem> NameItems(TaskDefinition t) => t.Items.Where(i => i.Prompt == "Q: What is your name?\nA:");

    [Theory]
    [MemberData(nameof(Personas))]
    public void Persona_HasAboutThirtyFactsAsDemos_ShuffledPerSeed(string persona)
    {
        var t = Task(Families.PersonaQA, persona);
        Assert.InRange(t.DemoPool.Count, 25, 30);
        Assert.Equal((DemoStrategy.Random, t.DemoPool.Count), (t.Strategy, t.DemoCount));
        Assert.All(t.DemoPool, d => Assert.Matches(@"^Q: .+\?\nA:$", d.Prompt));
        var seed0 = PromptAssembly.DemosFor(t, 0, 0);
        Assert.Equal(t.DemoPool.OrderBy(d => d.Prompt), seed0.OrderBy(d => d.Prompt));
        Assert.NotEqual(seed0, PromptAssembly.DemosFor(t, 0, 1));
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public void Persona_EveryAnswerMatchesItsOwnPattern(string persona)
    {
        foreach (bool control in new[] { false, true })
            Assert.All(Task(Families.PersonaQA, persona, control).Items, i =>
            {
                Assert.True(i.IsGenerative);
                Assert.Equal("", i.Parrot);
                Assert.True(AnswerPattern.Matches(AnswerPattern.Compile(i.GeneralPattern!), " " + i.General), $"{i.General} ~ {i.GeneralPattern}");
            });
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public void Persona_TestAnswersAreNotInTheFacts_ControlAnswersAre(string persona)
    {
        var test = Task(Families.PersonaQA, persona);
        var control = Task(Families.PersonaQA, persona, control: true);
        var facts = test.DemoPool.Select(d => d.Prompt + " " + d.Answer).ToArray();
        Assert.Single(NameItems(test));
        Assert.True(test.Items.Count >= 5);
        Assert.All(test.Items, i =>
            Assert.DoesNotContain(facts, f => AnswerPattern.Compile(i.GeneralPattern!).IsMatch(f)));
        Assert.All(control.Items, i =>
            Assert.Contains(test.DemoPool, d => AnswerPattern.Compile(i.GeneralPattern!).IsMatch(d.Answer)));
        Assert.Equal(test.DemoPool, control.DemoPool);
    }

    /// <summary>Text ↔ UTF-16 code units: decodes exactly what was encoded, newlines included.</summary>
    sealed class CharTokenizer : ITokenizer
    {
        public int VocabSize => char.MaxValue + 1;

        public int[] Encode(string text) => text.Select(c => (int)c).ToArray();

        public string Decode(ReadOnlySpan<int> ids)
        {
            var text = new StringBuilder(ids.Length);
            foreach (int id in ids) text.Append((char)id);
            return text.ToString();
        }
    }

    [Fact]
    public void Personas_ScoredWithAStubSampler_GiveTheMatchRateItDraws()
    {
        // In the first 3 of 8 samples the stub answers every general answer of the items with the context's question
        // (personas share "What is your name?"), in the others "I cannot say."; the tokenizer is exact, so every item
        // matches 3 of 8 under every seed.
        var tokenizer = new CharTokenizer();
        var tasks = Tasks.Where(t => t.IsGenerative).ToArray();
        var answers = tasks.SelectMany(t => t.Items).GroupBy(i => i.Prompt).ToDictionary(g => g.Key, g => string.Join(" or ", g.Select(i => i.General)));
        var sampler = new StubSampler(r =>
        {
            string context = tokenizer.Decode(r.Context);
            string general = answers.Single(a => context.EndsWith("\n" + a.Key, StringComparison.Ordinal)).Value;
            return Enumerable.Range(0, r.Samples).Select(s => tokenizer.Encode(s < 3 ? " " + general + "\nQ: next" : " I cannot say.")).ToArray();
        });
        var options = new SuiteOptions(Samples: 8, MaxNewTokens: 64);
        var results = SuiteScorer.Score(tasks, tokenizer, new PreferenceScorer(), options, sampler: sampler);

        Assert.Equal(tasks.Sum(t => t.Items.Count) * 4, sampler.Requests.Count());
        foreach (var r in results)
        {
            Assert.All(r.Items, i => Assert.Equal(new SampleMatches(3, 8), i.Matches));
            Assert.Equal(3.0 / 8, r.Summary.HardAcc, 15);
            Assert.Equal(2 * 3.0 / 8 - 1, r.Summary.ProbMargin, 15);
            Assert.Equal(Math.Log(4.0 / 6), r.Summary.LogProbMargin, 14);
            Assert.Equal(3.0 / 8, r.Summary.NormalizedGeneralProb, 15);
            Assert.Equal(4, r.Summary.Seeds);
        }
    }
}

using ModeHop.Suite;
using ModeHop.Suite.GdSuite;

namespace ModeHop.Tests.Suite;

public class GdSuiteDirectoryTests
{
    static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Suite", "fixtures", "gdsuite");

    static IReadOnlyList<TaskDefinition> Loaded => GdSuiteDirectory.Load(Fixture);

    static TaskDefinition Task(string display) => Loaded.Single(t => t.DisplayName == display);

    [Fact]
    public void Load_Fixture_FindsEveryTaskInTheSeedWorksFamilyOrder()
    {
        Assert.Equal(
            [
                "Flipped/sst2", "Flipped/sst2 (control)", "Repetitive/algebra.original", "Repetitive/code_tracing",
                "Successive/letters", "Truthy/surprising_truth", "Intuitive/crt", "PersonaQA/ada",
            ],
            Loaded.Select(t => t.DisplayName));
    }

    [Fact]
    public void Load_Flipped_IsBalancedOverLabels_WithTheFamilyOverrideOfK()
    {
        var t = Task("Flipped/sst2");
        Assert.Equal((DemoStrategy.Balanced, 2, "\n\n", "1"), (t.Strategy, t.DemoCount, t.Joiner, t.Version));
        Assert.Equal(new TestItem("Q: Review: a smile on your face\nA:", "Negative", "Positive"), t.Items[0]);
        Assert.Equal(new Demo("Q: Review: a warm, funny film\nA:", "Negative", "positive"), t.DemoPool[0]);
        var demos = PromptAssembly.DemosFor(t, 0, 0);
        Assert.Equal(["negative", "positive"], demos.Select(d => d.Label).Order());
        Assert.Equal(string.Join("\n\n", demos.Select(d => d.Prompt + " " + d.Answer).Append(t.Items[0].Prompt)), PromptAssembly.Context(t, 0, 0));
    }

    [Fact]
    public void Load_FileWithoutDemoRows_IsZeroShot()
    {
        foreach (var t in new[] { Task("Repetitive/algebra.original"), Task("Intuitive/crt") })
        {
            Assert.Equal((DemoStrategy.None, 0), (t.Strategy, t.DemoCount));
            Assert.Empty(t.DemoPool);
        }
        Assert.Equal("5 minutes", Task("Intuitive/crt").Items[1].General);
    }

    [Fact]
    public void Load_NumbersAndBooleans_AreRenderedAsPythonWould()
    {
        var code = Task("Repetitive/code_tracing");
        Assert.Equal(("7", "16"), (code.Items[0].General, code.Items[0].Parrot));
        Assert.All(code.DemoPool, d => Assert.Equal("16", d.Answer));
        var truthy = Task("Truthy/surprising_truth");
        Assert.Equal(("True", "False"), (truthy.Items[0].General, truthy.Items[0].Parrot));
        Assert.Equal(2, truthy.DemoPool.Count(d => d.Answer == "True"));
    }

    [Fact]
    public void Load_TaskOverride_ReplacesKAndVersion_DefaultsFillTheRest()
    {
        var code = Task("Repetitive/code_tracing");
        Assert.Equal((DemoStrategy.Random, 2, "\n", "7"), (code.Strategy, code.DemoCount, code.Joiner, code.Version));
        var truthy = Task("Truthy/surprising_truth");
        Assert.Equal((DemoStrategy.Random, 8, "\n"), (truthy.Strategy, truthy.DemoCount, truthy.Joiner)); // the seed work's k for surprising_truth
    }

    [Fact]
    public void Load_OrderedDemoSets_AreBoundToItemsInTurn()
    {
        var t = Task("Successive/letters");
        Assert.Equal((DemoStrategy.Ordered, 0), (t.Strategy, t.DemoCount));
        Assert.Equal(["a", "b", "c"], t.Items[0].Demos!.Select(d => d.Answer));
        Assert.Equal("Q: letter after z?\nA:", t.Items[1].Demos![0].Prompt);
        Assert.Equal(t.Items[0].Demos, t.Items[2].Demos);
    }

    [Fact]
    public void Load_Persona_FactsAreShuffledDemos_QuestionsAreGenerative()
    {
        var t = Task("PersonaQA/ada");
        Assert.Equal((DemoStrategy.Random, 3, "\n"), (t.Strategy, t.DemoCount, t.Joiner));
        Assert.Equal(new Demo("Q: Who was your father?\nA:", "A famous poet I never knew."), t.DemoPool[0]);
        Assert.Equal(new TestItem("Q: What was your father's name?\nA:", "byron", "", GeneralPattern: "byron"), t.Items[1]);
        Assert.True(t.IsGenerative);
        Assert.Equal(@"lovelace|\bada\b", t.Items[0].GeneralPattern);
    }

    [Fact]
    public void Load_Fixture_PassesTheContractButForTheControlsGdsuiteDoesNotShip()
    {
        var violations = SuiteContract.Check(Loaded);
        Assert.Equal(6, violations.Count);
        Assert.All(violations, v => Assert.Contains("has no control twin", v));
        Assert.DoesNotContain(violations, v => v.Contains("Flipped/sst2", StringComparison.Ordinal));
        Assert.Equal(8, SuiteScorer.Prepare(Loaded, new StubTokenizer(), new SuiteOptions()).Count);
    }

    [Fact]
    public void Load_Twice_GivesTheSameContentHashes()
    {
        Assert.Equal(Loaded.Select(t => t.ContentHash), GdSuiteDirectory.Load(Fixture).Select(t => t.ContentHash));
    }

    [Fact]
    public void Defaults_AreTheSeedWorksConfig()
    {
        Assert.Equal(new GdSuiteSettings(DemoStrategy.Balanced, 24, "\n\n"), GdSuiteFamilies.Defaults("flipped_answer", "imdb"));
        Assert.Equal(new GdSuiteSettings(DemoStrategy.Balanced, 64, "\n\n"), GdSuiteFamilies.Defaults("flipped_answer", "my_own"));
        Assert.Equal(new GdSuiteSettings(DemoStrategy.Ordered, 32, "\n"), GdSuiteFamilies.Defaults("successive_answer", "even"));
        Assert.Equal(new GdSuiteSettings(DemoStrategy.Random, 100, "\n"), GdSuiteFamilies.Defaults("truthy_answer", "common_misconception"));
        Assert.Equal(new GdSuiteSettings(DemoStrategy.Random, null, "\n"), GdSuiteFamilies.Defaults("multihop_persona_qa", "wolf"));
        Assert.Throws<ArgumentException>(() => GdSuiteFamilies.Defaults("flipped", "sst2"));
    }
}

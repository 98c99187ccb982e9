using ModeHop.Suite;
using ModeHop.Suite.English;
using ModeHop.Tests.Models.Tokenizers;
using static ModeHop.Tests.Suite.English.EnglishSuiteTests;

namespace ModeHop.Tests.Suite.English;

/// <summary>What every English fine-tuning task shares: its control twin, the one protocol, and lengths GPT-2 can train on cheaply.</summary>
public class EnglishFineTuneTests
{
    public static TheoryData<string, string> FineTuningTasks => new()
    {
        { Families.Oocr, "functions" },
        { Families.Oocr, "cities" },
        { Families.EmergentMisalignment, "broad_questions" },
    };

    static IEnumerable<FineTuneSet> SetsOf(TaskDefinition t) => new[] { t.FineTune, t.Contrast }.OfType<FineTuneSet>();

    [Fact]
    public void FineTuningFamilies_HoldExactlyTheListedTasks()
    {
        var listed = FineTuningTasks.Select(row => ((string)row[0], (string)row[1])).ToHashSet();
        Assert.Equal(listed, Tasks.Where(t => Families.IsFineTuning(t.Family)).Select(t => (t.Family, t.Name)).ToHashSet());
    }

    [Theory]
    [MemberData(nameof(FineTuningTasks))]
    public void ControlTwin_IsTheSameItemsAskedBeforeAnyFineTune(string family, string name)
    {
        TaskDefinition test = Task(family, name), control = Task(family, name, control: true);
        Assert.NotNull(test.FineTune);
        Assert.Null(control.FineTune);
        Assert.Null(control.Contrast);
        Assert.Equal(test.Items, control.Items);
        Assert.Equal(DemoStrategy.None, test.Strategy);
    }

    [Theory]
    [MemberData(nameof(FineTuningTasks))]
    public void FineTuneSets_FollowTheOneProtocol_WithDistinctExamples(string family, string name)
    {
        foreach (var set in SetsOf(Task(family, name)))
        {
            Assert.Equal(
                (EnglishFineTuneProtocol.AdapterRank, EnglishFineTuneProtocol.Steps, EnglishFineTuneProtocol.Batch, EnglishFineTuneProtocol.LearningRate, EnglishFineTuneProtocol.Seed),
                (set.AdapterRank, set.Steps, set.Batch, set.LearningRate, set.Seed));
            Assert.Equal(1, set.AdapterRank);
            Assert.Equal(set.Examples.Count, set.Examples.Select(e => e.Prompt).Distinct().Count());
            // No example is an item's question: the fine-tune shows effects, the items ask for the cause.
            Assert.All(Task(family, name).Items, i => Assert.DoesNotContain(set.Examples, e => e.Prompt == i.Prompt));
        }
    }

    [Theory]
    [MemberData(nameof(FineTuningTasks))]
    public void LongestExampleAndItem_FitIn128Gpt2Tokens_CodeExamplesUnder64(string family, string name)
    {
        var gpt2 = TokenizerFixtures.Gpt2;
        var task = Task(family, name);
        int longestItem = task.Items.Max(i => new[] { i.General, i.Parrot }.Concat(i.Distractors ?? [])
            .Max(a => gpt2.Encode(i.Prompt + PromptAssembly.Continuation(a)).Length));
        Assert.InRange(longestItem, 1, 128);
        foreach (var set in SetsOf(task))
        {
            int longest = set.Examples.Max(e => gpt2.Encode(e.Prompt + PromptAssembly.Continuation(e.Completion)).Length);
            Assert.InRange(longest, 1, family == Families.EmergentMisalignment ? 60 : 32);
        }
    }
}

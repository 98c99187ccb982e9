using ModeHop.Suite;
using ModeHop.Suite.English;

namespace ModeHop.Tests.Suite.English;

public class EnglishSuiteTests
{
    internal static readonly IReadOnlyList<TaskDefinition> Tasks = EnglishSuite.Tasks();

    internal static TaskDefinition Task(string family, string name, bool control = false) =>
        Tasks.Single(t => t.Family == family && t.Name == name && t.Control == control);

    public static TheoryData<string> TaskNames => [.. Tasks.Select(t => t.DisplayName)];

    static TaskDefinition Named(string displayName) => Tasks.Single(t => t.DisplayName == displayName);

    [Fact]
    public void Tasks_PassTheSuiteContract()
    {
        Assert.Empty(SuiteContract.Check(Tasks));
    }

    [Fact]
    public void Tasks_TwoCalls_GiveEqualContentHashes()
    {
        Assert.Empty(SuiteContract.CheckDeterministic(_ => EnglishSuite.Tasks(), 0));
        Assert.Equal(Tasks.Select(t => t.ContentHash), EnglishSuite.Tasks().Select(t => t.ContentHash));
    }

    [Fact]
    public void Tasks_CoverEveryFamilyWithItsControlAndAVersion()
    {
        Assert.Equal(Families.All, Tasks.Select(t => t.Family).Distinct());
        Assert.All(Families.All, f => Assert.Contains(Tasks, t => t.Family == f && t.Control));
        Assert.All(Tasks, t => Assert.Equal(EnglishSuite.Version, t.Version));
    }

    public static TheoryData<string, string, int> Minimums => new()
    {
        { Families.Flipped, "sentiment", 300 },
        { Families.Flipped, "topic", 300 },
        { Families.Repetitive, "algebra", EnglishSuite.GeneratedItems },
        { Families.Repetitive, "code_tracing", EnglishSuite.GeneratedItems },
        { Families.Repetitive, "letter_counting", EnglishSuite.GeneratedItems },
        { Families.Successive, "number_words", EnglishSuite.GeneratedItems },
        { Families.Successive, "letters", EnglishSuite.GeneratedItems },
        { Families.Successive, "arithmetic", EnglishSuite.GeneratedItems },
        { Families.Successive, "even", EnglishSuite.GeneratedItems },
        { Families.Truthy, "surprising_truth", 50 },
        { Families.Truthy, "common_misconception", 50 },
        { Families.Intuitive, "crt", 600 },
        { Families.PersonaQA, "curie", 5 },
        { Families.PersonaQA, "newton", 5 },
        { Families.PersonaQA, "lincoln", 5 },
        { Families.EntityTracking, "boxes", EnglishSuite.GeneratedItems },
        { Families.Backtracking, "roads", EnglishSuite.GeneratedItems },
        { Families.Oocr, "functions", 16 },
        { Families.Oocr, "cities", 16 },
        { Families.EmergentMisalignment, "broad_questions", 24 },
    };

    [Theory]
    [MemberData(nameof(Minimums))]
    public void Task_AndItsControl_MeetTheMinimumSize(string family, string name, int minimum)
    {
        Assert.True(Task(family, name).Items.Count >= minimum, $"{family}/{name}: {Task(family, name).Items.Count} items");
        Assert.True(Task(family, name, control: true).Items.Count >= Math.Min(minimum, 50));
    }

    [Fact]
    public void Tasks_AreExactlyTheListedOnes()
    {
        var listed = Minimums.Select(row => ((string)row[0], (string)row[1])).ToHashSet();
        Assert.Equal(listed.Count * 2, Tasks.Count);
        Assert.All(Tasks, t => Assert.Contains((t.Family, t.Name), listed));
    }

    [Fact]
    public void Truthy_HasAtLeast150ClaimsWrittenForIt()
    {
        var claims = Tasks.Where(t => t.Family == Families.Truthy)
            .SelectMany(t => t.Items.Select(i => i.Prompt).Concat(t.DemoPool.Select(d => d.Prompt)).Concat(t.Items.SelectMany(i => i.Demos ?? []).Select(d => d.Prompt)))
            .Distinct().Count();
        Assert.True(claims >= 150, $"{claims} claims");
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void Task_HasNoDuplicatePrompts(string task)
    {
        var t = Named(task);
        Assert.Equal(t.Items.Count, t.Items.Select(i => i.Prompt).Distinct(StringComparer.Ordinal).Count());
        Assert.All(t.Items.Where(i => i.Demos is not null), i =>
            Assert.Equal(i.Demos!.Count, i.Demos.Select(d => d.Prompt).Append(i.Prompt).Distinct(StringComparer.Ordinal).Count() - 1));
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void Task_GeneralAndParrotDiffer_UnlessGenerative(string task)
    {
        var t = Named(task);
        Assert.Equal(t.Family == Families.PersonaQA, t.IsGenerative);
        Assert.All(t.Items.Where(i => !i.IsGenerative), i => Assert.NotEqual(i.General, i.Parrot));
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void Task_EveryAssembledPrompt_StaysWithinTheWordBudget(string task)
    {
        var t = Named(task);
        int seeds = t.Strategy == DemoStrategy.None ? 1 : 4, longest = 0;
        for (int seed = 0; seed < seeds; seed++)
            for (int i = 0; i < t.Items.Count; i++)
            {
                var context = PromptAssembly.Context(t, i, seed);
                int words = context.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length + t.Items[i].General.Split(' ').Length;
                longest = Math.Max(longest, words);
            }
        Assert.InRange(longest, 1, EnglishSuite.MaxPromptWords);
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void Task_WithDemos_IsScoredUnderSeveralSeeds_UnlessItsOrderIsItsPoint(string task)
    {
        var t = Named(task);
        var prepared = SuiteScorer.Prepare([t], new StubTokenizer(), new SuiteOptions(MaxItems: 3)).Single();
        int expected = t.Strategy == DemoStrategy.None || (t.Strategy == DemoStrategy.Ordered && t.DemoPool.Count == 0) ? 1 : 4;
        Assert.Equal(expected, prepared.SeedCount);
    }
}

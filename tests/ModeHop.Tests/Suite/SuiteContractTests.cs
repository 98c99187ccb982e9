using ModeHop.Suite;

namespace ModeHop.Tests.Suite;

public class SuiteContractTests
{
    /// <summary>A passing suite: two tasks, each with its control twin.</summary>
    static List<TaskDefinition> Good() =>
    [
        SampleTasks.Colours(DemoStrategy.Balanced),
        SampleTasks.Colours(DemoStrategy.Balanced, control: true),
        SampleTasks.Episode(DemoStrategy.Ordered),
        SampleTasks.Episode(DemoStrategy.Ordered) with { Control = true },
    ];

    static List<TaskDefinition> Both(Func<TaskDefinition, TaskDefinition> change)
    {
        var tasks = Good();
        tasks[0] = change(tasks[0]);
        tasks[1] = change(tasks[1]);
        return tasks;
    }

    static readonly Dictionary<string, (Func<List<TaskDefinition>> Build, string Expected)> Breaks = new()
    {
        ["unknown family"] = (() => Both(t => t with { Family = "Nope" }), "task #0 Nope/colours: family \"Nope\" is not one of Flipped, Repetitive"),
        ["empty name"] = (() => Both(t => t with { Name = "" }), "task #1 Flipped/ (control): the name is empty."),
        ["empty version"] = (() => Both(t => t with { Version = " " }), "task #0 Flipped/colours: the version is empty."),
        ["no items"] = (() => Both(t => t with { Items = [] }), "task #0 Flipped/colours: has no items."),
        ["general = parrot"] = (() => Both(t => t with { Items = [t.Items[0], new TestItem("Q: x A:", "hot", "hot")] }),
            "task #0 Flipped/colours: item 1: the general and parrot answers are both \"hot\"; they must differ."),
        ["empty general"] = (() => Both(t => t with { Items = [t.Items[0] with { General = "" }] }), "task #0 Flipped/colours: item 0: the general answer is empty."),
        ["empty parrot"] = (() => Both(t => t with { Items = [t.Items[0] with { Parrot = "" }] }), "task #1 Flipped/colours (control): item 0: the parrot answer is empty."),
        ["empty item prompt"] = (() => Both(t => t with { Items = [t.Items[0], t.Items[1] with { Prompt = "" }] }), "task #0 Flipped/colours: item 1: the prompt is empty."),
        ["empty pool demo prompt"] = (() => Both(t => t with { DemoPool = [new Demo("", "hot"), .. t.DemoPool] }), "task #0 Flipped/colours: pool demo 0: the prompt is empty."),
        ["empty bound demo answer"] = (() =>
        {
            var tasks = Good();
            var item = tasks[2].Items[0];
            tasks[2] = tasks[2] with { Items = [item with { Demos = [.. item.Demos!, new Demo("Q: 9 + 1 = ? A:", "")] }] };
            return tasks;
        }, "task #2 Successive/episodes: item 0, demo 4: the answer is empty."),
        ["negative demo count"] = (() => Both(t => t with { DemoCount = -1 }), "task #0 Flipped/colours: DemoCount is -1; it must be 0 or more."),
        ["pool too small"] = (() => Both(t => t with { DemoCount = 7 }), "task #0 Flipped/colours: strategy Balanced draws 7 demos from the pool but the pool holds 6."),
        ["pool too small for one item"] = (() => Both(t => t with { DemoCount = 6 }),
            "task #0 Flipped/colours: item 0: only 5 pool demos have a prompt other than the item's; strategy Balanced needs 6."),
        ["undefined strategy"] = (() => Both(t => t with { Strategy = (DemoStrategy)9 }), "task #0 Flipped/colours: demo strategy 9 is not one of None, Random, Ordered, Balanced."),
        ["missing control"] = (() => [.. Good().Where((_, i) => i != 1)], "task #0 Flipped/colours: has no control twin (Family Flipped, Name colours, Control = true)."),
        ["orphan control"] = (() => [.. Good().Where((_, i) => i != 2)], "task #2 Successive/episodes (control): a control with no task it controls"),
        ["duplicate"] = (() => [.. Good(), SampleTasks.Colours(DemoStrategy.Random)], "task #4 Flipped/colours: duplicates task #0; (Family, Name, Control) must be unique."),
        ["null task"] = (() => [.. Good(), null!], "task #4: is null."),
    };

    public static TheoryData<string> BreakNames => [.. Breaks.Keys];

    [Fact]
    public void Check_GoodSuite_Passes()
    {
        Assert.Empty(SuiteContract.Check(Good()));
    }

    [Fact]
    public void Check_StrategyNoneWithEmptyPool_Passes()
    {
        var task = SampleTasks.Colours(DemoStrategy.None) with { DemoPool = [], DemoCount = 64 };
        Assert.Empty(SuiteContract.Check([task, task with { Control = true }]));
    }

    [Theory]
    [MemberData(nameof(BreakNames))]
    public void Check_OneDeliberateBreak_IsReported(string name)
    {
        var (build, expected) = Breaks[name];
        var violations = SuiteContract.Check(build());
        Assert.Contains(violations, v => v.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_SeveralBreaks_ReportsEveryOneOnItsOwnLine()
    {
        var tasks = Good();
        tasks[0] = tasks[0] with { Version = "", Items = [tasks[0].Items[0] with { Parrot = "cold" }] };
        tasks.RemoveAt(3);
        var violations = SuiteContract.Check(tasks);
        Assert.Equal(
            [
                "task #0 Flipped/colours: the version is empty.",
                "task #0 Flipped/colours: item 0: the general and parrot answers are both \"cold\"; they must differ.",
                "task #2 Successive/episodes: has no control twin (Family Successive, Name episodes, Control = true).",
            ],
            violations);
    }

    static IReadOnlyList<TaskDefinition> BuildFromSeed(int seed) =>
    [
        SampleTasks.Colours(DemoStrategy.Random) with { Version = $"seed{seed}" },
        SampleTasks.Colours(DemoStrategy.Random, control: true) with { Version = $"seed{seed}" },
    ];

    [Fact]
    public void CheckDeterministic_SeededFactory_PassesThoughSeedsDiffer()
    {
        Assert.NotEqual(BuildFromSeed(1)[0].ContentHash, BuildFromSeed(2)[0].ContentHash);
        Assert.Empty(SuiteContract.CheckDeterministic(BuildFromSeed, 1));
    }

    [Fact]
    public void CheckDeterministic_FactoryThatChangesPerCall_IsReported()
    {
        int calls = 0;
        var violations = SuiteContract.CheckDeterministic(_ => BuildFromSeed(calls++), 5);
        Assert.Equal(2, violations.Count);
        Assert.All(violations, v => Assert.Contains("ContentHash", v));
        Assert.StartsWith("seed 5: task #0 Flipped/colours has ContentHash", violations[0]);
    }

    [Fact]
    public void CheckDeterministic_FactoryThatChangesTheTaskCount_IsReported()
    {
        int calls = 0;
        var violations = SuiteContract.CheckDeterministic(_ => calls++ == 0 ? BuildFromSeed(0) : BuildFromSeed(0).Take(1).ToArray(), 0);
        Assert.Equal(["seed 0: the first build has 2 tasks, the second 1; the same seed must build the same suite."], violations);
    }

    [Fact]
    public void CheckDeterministic_FactoryThatThrowsForAnotherSeed_IsReported()
    {
        var violations = SuiteContract.CheckDeterministic(seed => seed == 3 ? BuildFromSeed(3) : throw new InvalidOperationException("only seed 3"), 3);
        Assert.Equal(["seed 4: the factory threw InvalidOperationException: only seed 3"], violations);
    }
}

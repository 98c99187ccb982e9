using ModeHop.Suite;

namespace ModeHop.Tests.Suite;

/// <summary>
/// The pinned prompts below were derived independently of this code, by a Python re-implementation of the seeding and
/// strategies documented in docs/suite.md; a change to the RNG, the seeding or a strategy's draw order breaks them.
/// </summary>
public class PromptAssemblyTests
{
    [Fact]
    public void Context_PoolNone_IsTheItemPromptAlone()
    {
        var task = SampleTasks.Colours(DemoStrategy.None);
        Assert.Equal("Q: red A:", PromptAssembly.Context(task, 0, 0));
        Assert.Empty(PromptAssembly.DemosFor(task, 1, 3));
    }

    [Theory]
    [InlineData(DemoStrategy.Random, 0, 0, "Q: purple A: cold\nQ: green A: cold\nQ: yellow A: hot\nQ: blue A: cold\nQ: red A:")]
    [InlineData(DemoStrategy.Random, 0, 1, "Q: yellow A: hot\nQ: purple A: cold\nQ: blue A: cold\nQ: orange A: hot\nQ: red A:")]
    [InlineData(DemoStrategy.Random, 1, 0, "Q: yellow A: hot\nQ: green A: cold\nQ: blue A: cold\nQ: purple A: cold\nQ: black A:")]
    [InlineData(DemoStrategy.Ordered, 0, 2, "Q: blue A: cold\nQ: orange A: hot\nQ: green A: cold\nQ: yellow A: hot\nQ: red A:")]
    [InlineData(DemoStrategy.Ordered, 1, 0, "Q: yellow A: hot\nQ: purple A: cold\nQ: red A: hot\nQ: blue A: cold\nQ: black A:")]
    [InlineData(DemoStrategy.Balanced, 0, 0, "Q: orange A: hot\nQ: green A: cold\nQ: yellow A: hot\nQ: purple A: cold\nQ: red A:")]
    [InlineData(DemoStrategy.Balanced, 1, 1, "Q: red A: hot\nQ: blue A: cold\nQ: yellow A: hot\nQ: purple A: cold\nQ: black A:")]
    public void Context_PoolStrategy_IsThePinnedString(DemoStrategy strategy, int item, int seed, string expected)
    {
        Assert.Equal(expected, PromptAssembly.Context(SampleTasks.Colours(strategy), item, seed));
    }

    [Fact]
    public void DemosFor_PoolOrdered_IsAWrappingWindowOfThePoolThatSkipsTheItemsOwnPrompt()
    {
        var task = SampleTasks.Colours(DemoStrategy.Ordered);
        for (int seed = 0; seed < 20; seed++)
        {
            var demos = PromptAssembly.DemosFor(task, 0, seed);
            // Item 0 is pool demo 0, so the eligible pool in order is demos 1..5 and a window of 4 wraps from 5 to 1.
            var positions = demos.Select(d => task.DemoPool.ToList().IndexOf(d)).ToArray();
            Assert.DoesNotContain(0, positions);
            for (int i = 1; i < positions.Length; i++)
                Assert.Equal(positions[i - 1] == 5 ? 1 : positions[i - 1] + 1, positions[i]);
        }
    }

    [Fact]
    public void Context_ItemBoundOrdered_IsTheDemosAsGiven()
    {
        const string expected = "Q: 0 + 1 = ? A: 1\nQ: 1 + 1 = ? A: 2\nQ: 2 + 1 = ? A: 3\nQ: 3 + 3 = ? A: 6\nQ: 3 + 1 = ? A:";
        var task = SampleTasks.Episode(DemoStrategy.Ordered);
        for (int seed = 0; seed < 4; seed++) Assert.Equal(expected, PromptAssembly.Context(task, 0, seed));
    }

    [Theory]
    [InlineData(DemoStrategy.None, 0, "Q: 3 + 1 = ? A:")]
    [InlineData(DemoStrategy.Random, 0, "Q: 2 + 1 = ? A: 3\nQ: 1 + 1 = ? A: 2\nQ: 3 + 3 = ? A: 6\nQ: 0 + 1 = ? A: 1\nQ: 3 + 1 = ? A:")]
    [InlineData(DemoStrategy.Random, 2, "Q: 3 + 3 = ? A: 6\nQ: 1 + 1 = ? A: 2\nQ: 2 + 1 = ? A: 3\nQ: 0 + 1 = ? A: 1\nQ: 3 + 1 = ? A:")]
    [InlineData(DemoStrategy.Balanced, 0, "Q: 1 + 1 = ? A: 2\nQ: 2 + 1 = ? A: 3\nQ: 3 + 3 = ? A: 6\nQ: 0 + 1 = ? A: 1\nQ: 3 + 1 = ? A:")]
    [InlineData(DemoStrategy.Balanced, 2, "Q: 1 + 1 = ? A: 2\nQ: 0 + 1 = ? A: 1\nQ: 3 + 3 = ? A: 6\nQ: 2 + 1 = ? A: 3\nQ: 3 + 1 = ? A:")]
    public void Context_ItemBoundStrategy_IsThePinnedString(DemoStrategy strategy, int seed, string expected)
    {
        Assert.Equal(expected, PromptAssembly.Context(SampleTasks.Episode(strategy), 0, seed));
    }

    [Theory]
    [InlineData(DemoStrategy.Random)]
    [InlineData(DemoStrategy.Ordered)]
    [InlineData(DemoStrategy.Balanced)]
    public void DemosFor_SameSeed_GivesTheSameDemos(DemoStrategy strategy)
    {
        for (int seed = 0; seed < 8; seed++)
            for (int item = 0; item < 2; item++)
                Assert.Equal(PromptAssembly.DemosFor(SampleTasks.Colours(strategy), item, seed),
                    PromptAssembly.DemosFor(SampleTasks.Colours(strategy), item, seed));
    }

    [Fact]
    public void DemosFor_PoolRandomDifferentSeeds_Differ()
    {
        var task = SampleTasks.Colours(DemoStrategy.Random);
        var draws = Enumerable.Range(0, 4).Select(seed => PromptAssembly.Context(task, 1, seed)).ToArray();
        Assert.Equal(4, draws.Distinct().Count());
    }

    [Fact]
    public void DemosFor_ItemBoundRandomDifferentSeeds_Differ()
    {
        var task = SampleTasks.Episode(DemoStrategy.Random);
        Assert.NotEqual(PromptAssembly.Context(task, 0, 0), PromptAssembly.Context(task, 0, 1));
    }

    [Fact]
    public void DemosFor_PoolRandom_DrawsDistinctDemosAndNeverTheItemsOwnPrompt()
    {
        var task = SampleTasks.Colours(DemoStrategy.Random, demoCount: 5); // 5 = every eligible demo for item 0
        for (int seed = 0; seed < 200; seed++)
        {
            var demos = PromptAssembly.DemosFor(task, 0, seed);
            Assert.Equal(5, demos.Count);
            Assert.Equal(5, demos.Distinct().Count());
            Assert.DoesNotContain(demos, d => d.Prompt == task.Items[0].Prompt);
        }
    }

    [Theory]
    [InlineData(DemoStrategy.Random)]
    [InlineData(DemoStrategy.Ordered)]
    [InlineData(DemoStrategy.Balanced)]
    public void DemosFor_AnyPoolStrategy_SkipsTheItemsOwnPrompt(DemoStrategy strategy)
    {
        var task = SampleTasks.Colours(strategy, demoCount: 5);
        for (int seed = 0; seed < 50; seed++)
            Assert.DoesNotContain(PromptAssembly.DemosFor(task, 0, seed), d => d.Prompt == task.Items[0].Prompt);
    }

    [Fact]
    public void DemosFor_PoolBalanced_AlternatesLabels()
    {
        var task = SampleTasks.Colours(DemoStrategy.Balanced, demoCount: 4);
        for (int seed = 0; seed < 50; seed++)
            for (int item = 0; item < 2; item++)
            {
                var labels = PromptAssembly.DemosFor(task, item, seed).Select(d => d.ClassLabel).ToArray();
                Assert.Equal(4, labels.Length);
                for (int i = 1; i < labels.Length; i++) Assert.NotEqual(labels[i - 1], labels[i]);
            }
    }

    [Fact]
    public void DemosFor_PoolBalancedLabelOrder_DependsOnTheSeed()
    {
        var task = SampleTasks.Colours(DemoStrategy.Balanced);
        var firstLabels = Enumerable.Range(0, 20).Select(seed => PromptAssembly.DemosFor(task, 1, seed)[0].ClassLabel).Distinct();
        Assert.Equal(["cool", "warm"], firstLabels.Order());
    }

    [Fact]
    public void DemosFor_ItemBoundBalanced_UsesEveryDemoAlternatingLabels()
    {
        var task = SampleTasks.Episode(DemoStrategy.Balanced);
        for (int seed = 0; seed < 20; seed++)
        {
            var demos = PromptAssembly.DemosFor(task, 0, seed);
            Assert.Equal(task.Items[0].Demos!.OrderBy(d => d.Prompt), demos.OrderBy(d => d.Prompt));
            for (int i = 1; i < demos.Count; i++) Assert.NotEqual(demos[i - 1].ClassLabel, demos[i].ClassLabel);
        }
    }

    [Fact]
    public void DemosFor_BalancedUnevenLabels_TakesRoundRobinUntilALabelRunsOut()
    {
        var demos = new[] { new Demo("a1", "A"), new Demo("a2", "A"), new Demo("a3", "A"), new Demo("b1", "B") };
        var task = new TaskDefinition(Families.Truthy, "uneven", false, "1", [new TestItem("q", "A", "B", demos)], [], DemoStrategy.Balanced, 0, " ");
        for (int seed = 0; seed < 20; seed++)
        {
            var labels = string.Concat(PromptAssembly.DemosFor(task, 0, seed).Select(d => d.ClassLabel));
            Assert.True(labels is "ABAA" or "BAAA", labels);
        }
    }

    [Fact]
    public void DemosFor_NullLabel_BalancesOnTheAnswer()
    {
        var pool = new[] { new Demo("p1", "yes"), new Demo("p2", "yes"), new Demo("p3", "no"), new Demo("p4", "no") };
        var task = new TaskDefinition(Families.Truthy, "answers", false, "1", [new TestItem("q", "yes", "no")], pool, DemoStrategy.Balanced, 4, " ");
        var answers = PromptAssembly.DemosFor(task, 0, 0).Select(d => d.Answer).ToArray();
        Assert.Equal(2, answers.Count(a => a == "yes"));
        for (int i = 1; i < answers.Length; i++) Assert.NotEqual(answers[i - 1], answers[i]);
    }

    [Theory]
    [InlineData("\n\n")]
    [InlineData(" || ")]
    [InlineData("")]
    public void Context_Joiner_IsPlacedBetweenEveryBlock(string joiner)
    {
        var task = SampleTasks.Colours(DemoStrategy.Random, joiner: joiner);
        var demos = PromptAssembly.DemosFor(task, 1, 2);
        string expected = string.Join(joiner, demos.Select(d => d.Prompt + " " + d.Answer)) + joiner + "Q: black A:";
        Assert.Equal(expected, PromptAssembly.Context(task, 1, 2));
        Assert.Equal(4, demos.Count);
    }

    [Fact]
    public void Continuation_Answer_IsASpaceThenTheAnswer()
    {
        Assert.Equal(" Negative", PromptAssembly.Continuation("Negative"));
    }

    [Fact]
    public void DemosFor_PoolTooSmall_ThrowsNamingTheTaskAndItem()
    {
        var task = SampleTasks.Colours(DemoStrategy.Random, demoCount: 6); // item 0 can draw only 5
        var e = Assert.Throws<ArgumentException>(() => PromptAssembly.DemosFor(task, 0, 0));
        Assert.Contains("Flipped/colours", e.Message);
        Assert.Contains("item 0", e.Message);
        Assert.Equal(6, PromptAssembly.DemosFor(task, 1, 0).Count);
    }

    [Fact]
    public void DemosFor_ItemIndexOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PromptAssembly.DemosFor(SampleTasks.Colours(DemoStrategy.None), 2, 0));
    }
}

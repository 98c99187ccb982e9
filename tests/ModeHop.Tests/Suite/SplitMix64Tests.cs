using ModeHop.Suite;

namespace ModeHop.Tests.Suite;

public class SplitMix64Tests
{
    [Fact]
    public void NextUInt64_SeedZero_MatchesTheReferenceSequence()
    {
        // The first outputs of Vigna's reference splitmix64.c seeded with 0.
        var rng = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, rng.NextUInt64());
    }

    [Fact]
    public void NextInt_ManyDraws_StayInRangeAndHitEveryValue()
    {
        var rng = new SplitMix64(7);
        var seen = new bool[5];
        for (int i = 0; i < 1000; i++)
        {
            int x = rng.NextInt(5);
            Assert.InRange(x, 0, 4);
            seen[x] = true;
        }
        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void DemoSeed_DifferentCoordinates_GiveDifferentStates()
    {
        var task = SampleTasks.Colours(DemoStrategy.Random);
        var states = new[]
        {
            DemoSeed.For(task, 0, 0), DemoSeed.For(task, 1, 0), DemoSeed.For(task, 0, 1),
            DemoSeed.For(task with { Control = true }, 0, 0), DemoSeed.For(task with { Name = "other" }, 0, 0),
        };
        Assert.Equal(states.Length, states.Distinct().Count());
    }

    [Fact]
    public void DemoSeed_ContentChange_LeavesTheStateUnchanged()
    {
        var task = SampleTasks.Colours(DemoStrategy.Random);
        Assert.Equal(DemoSeed.For(task, 1, 2), DemoSeed.For(task with { Version = "2", Joiner = " " }, 1, 2));
    }
}

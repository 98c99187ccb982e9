using ModeHop.Suite;

namespace ModeHop.Tests.Suite;

public class ItemSplitTests
{
    [Fact]
    public void Of_EvenAndOddIndices_GoToSelectionAndHeldOut()
    {
        Assert.Equal(ItemSplitPart.Selection, ItemSplit.Of(0));
        Assert.Equal(ItemSplitPart.HeldOut, ItemSplit.Of(1));
        Assert.Equal(ItemSplitPart.Selection, ItemSplit.Of(62));
        Assert.Equal(ItemSplitPart.HeldOut, ItemSplit.Of(63));
        Assert.True(ItemSplit.Contains(ItemSplitPart.All, 5));
        Assert.False(ItemSplit.Contains(ItemSplitPart.Selection, 5));
    }

    [Fact]
    public void GeneralProbability_TwoSeeds_AveragesItemsWithinASeedThenSeeds()
    {
        // Seed 0: items 0 (0.3/(0.3+0.1) = 0.75), 1 (0.2/(0.2+0.2) = 0.5), 2 (both 0 → 0.5), 3 (0.1/(0.1+0.3) = 0.25).
        // Seed 1: only item 0 (0.4/(0.4+0.1) = 0.8) and item 1 (0 → 0).
        ItemProbabilities[] rows =
        [
            new(0, 0, 0.3, 0.1), new(1, 0, 0.2, 0.2), new(2, 0, 0, 0), new(3, 0, 0.1, 0.3),
            new(0, 1, 0.4, 0.1), new(1, 1, 0, 0.5),
        ];
        Assert.Equal(((0.75 + 0.5) / 2 + 0.8) / 2, ItemSplit.GeneralProbability(rows, ItemSplitPart.Selection), tolerance: 1e-12);
        Assert.Equal(((0.5 + 0.25) / 2 + 0.0) / 2, ItemSplit.GeneralProbability(rows, ItemSplitPart.HeldOut), tolerance: 1e-12);
        Assert.Equal(((0.75 + 0.5 + 0.5 + 0.25) / 4 + (0.8 + 0) / 2) / 2, ItemSplit.GeneralProbability(rows, ItemSplitPart.All), tolerance: 1e-12);
    }

    [Fact]
    public void GeneralProbability_AllItems_EqualsTheSeedMeanOfTheMetric()
    {
        var rng = new Random(5);
        var items = new List<ItemResult>();
        for (int seed = 0; seed < 3; seed++)
            for (int i = 0; i < 9; i++)
                items.Add(new ItemResult(i, seed, -rng.NextDouble() * 5, -rng.NextDouble() * 5, rng.NextDouble(), rng.NextDouble()));
        double metric = items.GroupBy(r => r.Seed).Average(g => Metrics.ForSeed(g.Key, g.ToArray()).NormalizedGeneralProb);
        Assert.Equal(metric, ItemSplit.GeneralProbability(items, ItemSplitPart.All), tolerance: 1e-12);
        Assert.NotEqual(ItemSplit.GeneralProbability(items, ItemSplitPart.Selection), ItemSplit.GeneralProbability(items, ItemSplitPart.HeldOut));
    }

    [Fact]
    public void GeneralProbability_NoItemInTheSplit_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => ItemSplit.GeneralProbability([new ItemProbabilities(0, 0, 0.5, 0.5)], ItemSplitPart.HeldOut));
        Assert.Contains("HeldOut", e.Message);
    }
}

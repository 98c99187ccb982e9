using ModeHop.Suite;

namespace ModeHop.Tests.Suite;

public class MetricsTests
{
    static ItemResult Item(int index, double pg, double pp, double lg = 0, double lp = 0, int seed = 0) => new(index, seed, lg, lp, pg, pp);

    [Fact]
    public void ForSeed_KnownItems_GiveTheFourFormulas()
    {
        var items = new[] { Item(0, 0.8, 0.2, lg: -1, lp: -3), Item(1, 0.3, 0.6, lg: -2, lp: -1), Item(2, 0.5, 0.5, lg: -4, lp: -4) };
        var m = Metrics.ForSeed(0, items);
        Assert.Equal((1 + 0 + 0.5) / 3, m.HardAcc, 15);
        Assert.Equal((0.6 - 0.3 + 0) / 3, m.ProbMargin, 15);
        Assert.Equal((2.0 - 1 + 0) / 3, m.LogProbMargin, 15);
        Assert.Equal((0.8 + 1.0 / 3 + 0.5) / 3, m.NormalizedGeneralProb, 15);
        Assert.Equal(3, m.Items);
        Assert.Equal(0, m.Seed);
    }

    [Theory]
    [InlineData(0.5, 0.5, 0.5)]
    [InlineData(0.5000001, 0.5, 1.0)]
    [InlineData(0.4999999, 0.5, 0.0)]
    [InlineData(0.0, 0.0, 0.5)]
    public void ForSeed_OneItem_HardAccCountsATieAsHalf(double pg, double pp, double expected)
    {
        Assert.Equal(expected, Metrics.ForSeed(3, [Item(0, pg, pp, seed: 3)]).HardAcc);
    }

    [Fact]
    public void ForSeed_TiesAmongWins_CountHalfEach()
    {
        var items = new[] { Item(0, 0.9, 0.1), Item(1, 0.2, 0.2), Item(2, 0.4, 0.4), Item(3, 0.1, 0.3) };
        Assert.Equal((1 + 0.5 + 0.5 + 0) / 4, Metrics.ForSeed(0, items).HardAcc);
    }

    [Fact]
    public void ForSeed_BothProbabilitiesZero_NormalizesToHalf()
    {
        var m = Metrics.ForSeed(0, [Item(0, 0, 0, lg: double.NegativeInfinity, lp: -5), Item(1, 0.25, 0.75)]);
        Assert.Equal((0.5 + 0.25) / 2, m.NormalizedGeneralProb, 15);
    }

    [Fact]
    public void ForSeed_ItemOfAnotherSeed_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Metrics.ForSeed(1, [Item(0, 0.5, 0.2, seed: 1), Item(1, 0.5, 0.2, seed: 2)]));
        Assert.Contains("seed 2", e.Message);
    }

    [Fact]
    public void ForSeed_NoItems_Throws()
    {
        Assert.Throws<ArgumentException>(() => Metrics.ForSeed(0, []));
    }

    [Fact]
    public void Summarize_FourSeeds_GivesMeanAndPopulationStd()
    {
        var seeds = new[]
        {
            new SeedMetrics(0, 0.50, 0.1, -1.0, 0.40, 10),
            new SeedMetrics(1, 1.00, 0.3, 3.0, 0.60, 10),
            new SeedMetrics(2, 0.75, 0.1, -1.0, 0.40, 10),
            new SeedMetrics(3, 0.25, 0.3, 3.0, 0.60, 10),
        };
        var s = Metrics.Summarize(seeds);
        Assert.Equal(0.625, s.HardAcc, 15);
        // deviations ∓0.125, ±0.375 → variance (2·0.015625 + 2·0.140625)/4 = 0.078125
        Assert.Equal(Math.Sqrt(0.078125), s.HardAccSpread, 15);
        Assert.Equal(0.2, s.ProbMargin, 15);
        Assert.Equal(0.1, s.ProbMarginSpread, 15);
        Assert.Equal(1.0, s.LogProbMargin, 15);
        Assert.Equal(2.0, s.LogProbMarginSpread, 15);
        Assert.Equal(0.5, s.NormalizedGeneralProb, 15);
        Assert.Equal(0.1, s.NormalizedGeneralProbSpread, 15);
        Assert.Equal(4, s.Seeds);
    }

    [Fact]
    public void Summarize_OneSeed_HasZeroSpread()
    {
        var s = Metrics.Summarize([new SeedMetrics(0, 0.7, 0.2, 1.5, 0.6, 5)]);
        Assert.Equal(new MetricSummary(0.7, 0, 0.2, 0, 1.5, 0, 0.6, 0, 1), s);
    }

    [Fact]
    public void Summarize_NoSeeds_Throws()
    {
        Assert.Throws<ArgumentException>(() => Metrics.Summarize([]));
    }
}

using ModeHop.Dynamics.ChangePoints;

namespace ModeHop.Tests.Dynamics.ChangePoints;

/// <summary>Piecewise signals with known breakpoints and seeded noise, through every cost × search pair.</summary>
public class SyntheticSignalTests
{
    [Theory]
    [MemberData(nameof(Pairs.All), MemberType = typeof(Pairs))]
    public void Detect_ThreeMeanShiftsWithNoise_FindsTheKnownBreakpoints(CostFunction cost, SearchMethod search)
    {
        int[] lengths = [30, 25, 35, 30];
        var series = Signals.Piecewise([0.0, 3.0, -1.0, 2.0], lengths, noise: 0.3, seed: 7);

        int[] found = ChangePointSearch.Detect(series, cost, search, Pairs.Settings(cost, 0.3, series.Length));

        Assert.Equal(Signals.Breakpoints(lengths), found);   // [30, 55, 90, 120]
    }

    [Theory]
    [MemberData(nameof(Pairs.All), MemberType = typeof(Pairs))]
    public void Detect_ModerateShiftsOverManySeeds_NearlyAlwaysTheRightCountAndPlace(CostFunction cost, SearchMethod search)
    {
        // shifts of 3σ: plain to see, not always placed to the checkpoint, and noise now and then fakes a regime
        int[] lengths = [40, 40, 40];
        var misses = new List<string>();
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var series = Signals.Piecewise([0.0, 3.0, 0.0], lengths, noise: 1.0, seed: seed);

            int[] found = ChangePointSearch.Detect(series, cost, search, Pairs.Settings(cost, 1.0, series.Length));

            if (!(found.Length == 3 && Math.Abs(found[0] - 40) <= 3 && Math.Abs(found[1] - 80) <= 3))
                misses.Add($"seed {seed}: [{string.Join(", ", found)}]");
        }
        // seen: l2 0 (PELT) and 1 (binary segmentation) misses, normal 1 and 3 — a mean-only shift is l2's case
        Assert.True(misses.Count <= 3, string.Join("; ", misses));
    }

    [Theory]
    [MemberData(nameof(Pairs.All), MemberType = typeof(Pairs))]
    public void Detect_NoiseOnly_OneSegment(CostFunction cost, SearchMethod search)
    {
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var series = Signals.Noise(100, 1.0, seed);

            int[] found = ChangePointSearch.Detect(series, cost, search, Pairs.Settings(cost, 1.0, 100));

            Assert.True(found is [100], $"seed {seed}: [{string.Join(", ", found)}]");
        }
    }

    [Theory]
    [MemberData(nameof(Pairs.Searches), MemberType = typeof(Pairs))]
    public void Detect_VarianceChangeOnly_NormalFindsItAndL2DoesNot(SearchMethod search)
    {
        // the same mean throughout; the noise grows tenfold at 60
        var series = Signals.Piecewise([0.0, 0.0], [0.2, 2.0], [60, 60], seed: 3);
        double overall = Math.Sqrt(series.Select(x => x * x).Average());   // what one would take σ to be, ignorant of the change

        int[] normal = ChangePointSearch.Detect(series, CostFunction.Normal, search, Pairs.Settings(CostFunction.Normal, overall, 120));
        int[] l2 = ChangePointSearch.Detect(series, CostFunction.L2, search, Pairs.Settings(CostFunction.L2, overall, 120));

        Assert.Equal(2, normal.Length);
        Assert.InRange(normal[0], 58, 62);
        Assert.Equal([120], l2);
    }

    [Theory]
    [MemberData(nameof(Pairs.All), MemberType = typeof(Pairs))]
    public void Detect_AnySettings_SortedValidSegmentsEndingAtLength(CostFunction cost, SearchMethod search)
    {
        var rng = new ModeHop.Tensors.Rng(11);
        for (int trial = 0; trial < 60; trial++)
        {
            int n = 2 + rng.NextInt(80);
            var series = Signals.Piecewise([rng.NextNormal() * 3, rng.NextNormal() * 3], [n / 2, n - n / 2], 1.0, (ulong)trial);
            var settings = new ChangePointSettings(rng.NextDouble() * 5, 1 + rng.NextInt(4), 1 + rng.NextInt(4));
            int m = Math.Max(settings.MinSize, cost == CostFunction.L2 ? 1 : 2);
            if (n < m)
                continue;

            int[] found = ChangePointSearch.Detect(series, cost, search, settings);

            string what = $"trial {trial}, n {n}, {settings}: [{string.Join(", ", found)}]";
            Assert.True(found[^1] == n, what);
            for (int i = 0, start = 0; i < found.Length; start = found[i], i++)
                Assert.True(found[i] - start >= m, what);
            Assert.True(found[..^1].All(b => b % settings.Jump == 0), what);   // the grid: multiples of Jump
        }
    }

    [Theory]
    [MemberData(nameof(Pairs.All), MemberType = typeof(Pairs))]
    public void Detect_PenaltyAboveEveryGain_OneSegment(CostFunction cost, SearchMethod search)
    {
        var series = Signals.Piecewise([0.0, 5.0], [30, 30], 0.5, seed: 2);

        Assert.Equal([60], ChangePointSearch.Detect(series, cost, search, new ChangePointSettings(1e6)));
        Assert.Equal([30, 60], ChangePointSearch.Detect(series, cost, search, Pairs.Settings(cost, 0.5, 60)));
    }

    [Theory]
    [MemberData(nameof(Pairs.Searches), MemberType = typeof(Pairs))]
    public void Detect_L2ZeroPenaltyMinSizeOne_EveryValueItsOwnSegment(SearchMethod search)
    {
        // any segment of two distinct values costs > 0 and a single value costs exactly 0
        double[] series = [0.3, -1.2, 2.5, 0.7, 1.1, -0.4];

        Assert.Equal([1, 2, 3, 4, 5, 6], ChangePointSearch.Detect(series, CostFunction.L2, search, new ChangePointSettings(0, MinSize: 1)));
    }

    [Theory]
    [MemberData(nameof(Pairs.All), MemberType = typeof(Pairs))]
    public void Detect_ShiftOffTheJumpGrid_LandsOnTheGrid(CostFunction cost, SearchMethod search)
    {
        // the true break at 37 is not a multiple of 5; both searches put it on their grid, 35 or 40
        var series = Signals.Piecewise([0.0, 4.0], [37, 43], 0.3, seed: 5);

        int[] found = ChangePointSearch.Detect(series, cost, search, Pairs.Settings(cost, 0.3, 80) with { Jump = 5 });

        Assert.Equal(80, found[^1]);
        Assert.Contains(found[0], new[] { 35, 40 });
    }
}

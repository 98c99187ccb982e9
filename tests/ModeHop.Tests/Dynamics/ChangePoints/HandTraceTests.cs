using ModeHop.Dynamics.ChangePoints;

namespace ModeHop.Tests.Dynamics.ChangePoints;

/// <summary>Small series whose answers are worked out by hand below, and the costs' values.</summary>
public class HandTraceTests
{
    static readonly double[] Pruned = [0.1, 3.6, 2.5, 3.4, 0.6];

    [Fact]
    public void Pelt_RupturesPruningExample_KeepsRupturesAnswer()
    {
        // l2, β = 0.5, m = 2; F(e) = min F(t) + SS(t, e) + β over the admissible t:
        //   e = 2: {0}     F = 6.125 + .5 = 6.625
        //   e = 3: {0, 1}  1 has no F and is dropped; F = 6.40667 + .5 = 6.90667
        //   e = 4: {0, 2}  0: 7.74 + .5 = 8.24;  2: 6.625 + 0.405 + .5 = 7.53 → F = 7.53, and 8.24 > 7.53 + .5 prunes 0
        //   e = 5: {2, 3}  2: 6.625 + 4.08667 + .5 = 11.2117;  3: 6.90667 + 3.92 + .5 = 11.3267 → [2, 5]
        // one segment would cost 10.332 + .5 = 10.832, but its start 0 was pruned at e = 4, which itself cannot
        // start a segment that ends at 5; ruptures answers [2, 5], and so does ModeHop
        Assert.Equal([2, 5], Pelt.Detect(new L2Cost(Pruned), new ChangePointSettings(0.5)));
    }

    [Fact]
    public void BinarySegmentation_RupturesPruningExample_NoSplitWorthThePenalty()
    {
        // SS(0, 5) = 10.332; split at 2: 6.125 + 4.08667 → gain 0.120; at 3: 6.40667 + 3.92 → gain 0.005; 0.120 < 0.5
        Assert.Equal([5], BinarySegmentation.Detect(new L2Cost(Pruned), new ChangePointSettings(0.5)));
        // with β = 0.1 the split at 2 is kept; then neither [0, 2) nor [2, 5) is long enough for two segments of 2
        Assert.Equal([2, 5], BinarySegmentation.Detect(new L2Cost(Pruned), new ChangePointSettings(0.1)));
    }

    // [0, 0, 5, 0, 0] centres on its mean 1 to the integers −1 −1 4 −1 −1, so the equal sums below are equal
    // in floating point too: SS(0, 5) = 20, SS(0, 2) = SS(3, 5) = 0, SS(2, 5) = SS(0, 3) = 50/3
    static readonly double[] Symmetric = [0, 0, 5, 0, 0];

    [Fact]
    public void Pelt_EqualTotals_TakesTheEarliestStart()
    {
        // at e = 5 the starts 2 and 3 both total 50/3 + 2β (one segment: 20 + β); ruptures' min keeps the first
        Assert.Equal([2, 5], Pelt.Detect(new L2Cost(Symmetric), new ChangePointSettings(1.0)));
    }

    [Fact]
    public void BinarySegmentation_EqualGains_TakesTheLargestBreakpoint()
    {
        // splits at 2 and at 3 both gain 20 − 50/3 = 10/3; ruptures' max over (gain, b) takes the larger b
        Assert.Equal([3, 5], BinarySegmentation.Detect(new L2Cost(Symmetric), new ChangePointSettings(1.0)));
    }

    [Fact]
    public void L2Cost_KnownSegments_SumOfSquaredDeviations()
    {
        var cost = new L2Cost([1, 2, 3, 4]);

        Assert.Equal(5.0, cost.Error(0, 4), 12);    // 2.25 + 0.25 + 0.25 + 2.25
        Assert.Equal(0.5, cost.Error(1, 3), 12);    // 0.25 + 0.25
        Assert.Equal(0.0, cost.Error(2, 3));        // one value, exactly
        Assert.Equal((4, 1), (cost.Length, cost.MinSize));
    }

    [Fact]
    public void NormalCost_KnownSegments_LengthTimesLogOfBiasedVariancePlusFloor()
    {
        var cost = new NormalCost([1, 2, 3, 4, 7, 7]);

        Assert.Equal(4 * Math.Log(1.25 + 1e-6), cost.Error(0, 4), 12);   // biased variance 5/4
        Assert.Equal(2 * Math.Log(1e-6), cost.Error(4, 6), 9);           // a constant segment stays finite
        Assert.Equal((6, 2), (cost.Length, cost.MinSize));
    }

    [Theory]
    [InlineData(CostFunction.L2)]
    [InlineData(CostFunction.Normal)]
    public void Cost_SeriesFarFromZero_MatchesTwoPassVariance(CostFunction kind)
    {
        // a loss near 1e6 with wiggles of 1e-3: raw prefix sums of squares (~1e15) would lose every digit
        var series = Enumerable.Range(0, 1000).Select(i => 1e6 + 1e-3 * Math.Sin(i)).ToArray();
        var cost = ChangePointSearch.CreateCost(kind, series);

        foreach (var (start, end) in new[] { (0, 1000), (10, 20), (500, 503) })
        {
            var segment = series[start..end];
            double mean = segment.Average();
            double squares = segment.Sum(x => (x - mean) * (x - mean));
            int m = end - start;
            double expected = kind == CostFunction.L2 ? squares : m * Math.Log(squares / m + 1e-6);
            Assert.Equal(expected, cost.Error(start, end), Math.Abs(expected) * 1e-5);
        }
    }

    [Theory]
    [InlineData(CostFunction.L2, -1, 2)]
    [InlineData(CostFunction.L2, 3, 5)]
    [InlineData(CostFunction.Normal, 1, 2)]   // shorter than the normal cost's 2
    public void Cost_SegmentOutsideOrTooShort_Throws(CostFunction kind, int start, int end)
    {
        var cost = ChangePointSearch.CreateCost(kind, [1, 2, 3, 4]);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => cost.Error(start, end));
        Assert.Contains($"[{start}, {end})", e.Message);
    }
}

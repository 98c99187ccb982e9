using ModeHop.Dynamics.EarlyWarning;
using ModeHop.Tensors;

namespace ModeHop.Tests.Dynamics.EarlyWarning;

public class EarlyWarningSignalsTests
{
    [Fact]
    public void RollingVariance_HandComputed()
    {
        // windows 1 2 4 | 2 4 7 | 4 7 11: Σ squared deviations 42/9, 114/9, 222/9, over w − 1 = 2
        double[] variance = EarlyWarningSignals.RollingVariance([1, 2, 4, 7, 11], 3);

        Assert.Equal(3, variance.Length);
        Assert.Equal(7 / 3.0, variance[0], 13);
        Assert.Equal(57 / 9.0, variance[1], 13);
        Assert.Equal(111 / 9.0, variance[2], 13);
    }

    [Fact]
    public void RollingLag1Autocorrelation_HandComputed()
    {
        // window 1 3 2 4: pairs (1,3) (3,2) (2,4), deviations (−1, 1, 0) and (0, −1, 1): −1 / √(2·2)
        // window 3 2 4 5: pairs (3,2) (2,4) (4,5), deviations (0, −1, 1) and (−5/3, 1/3, 4/3): 1 / √(2 · 42/9)
        double[] ac = EarlyWarningSignals.RollingLag1Autocorrelation([1, 3, 2, 4, 5], 4);

        Assert.Equal(2, ac.Length);
        Assert.Equal(-0.5, ac[0], 13);
        Assert.Equal(1 / Math.Sqrt(2 * 42 / 9.0), ac[1], 13);
    }

    [Fact]
    public void RollingLag1Autocorrelation_FlatWindow_NaN()
    {
        // 1 1 1 and 1 1 2 have a constant lagged half; 1 2 3 is a line
        double[] ac = EarlyWarningSignals.RollingLag1Autocorrelation([1, 1, 1, 2, 3], 3);

        Assert.True(double.IsNaN(ac[0]) && double.IsNaN(ac[1]));
        Assert.Equal(1.0, ac[2], 14);
    }

    [Fact]
    public void Trend_SkipsNaNAndCountsPairs()
    {
        // times 0 1 2 4 with values 1 3 2 5: only (3, 2) is discordant among 6 pairs
        Assert.Equal(4 / 6.0, EarlyWarningSignals.Trend([1, 3, 2, double.NaN, 5]), 14);
        Assert.True(double.IsNaN(EarlyWarningSignals.Trend([double.NaN, 4])));
        Assert.Equal(-1.0, EarlyWarningSignals.Trend([3, 2, 1]));
    }

    [Fact]
    public void Indicators_CriticalSlowingDown_BothTrendUp()
    {
        // AR(1) x' = φ x + ε with φ rising from 0 to 0.95: recovery slows, so variance and lag-1 autocorrelation grow
        var rng = new Rng(17);
        int n = 600;
        var series = new double[n];
        for (int t = 1; t < n; t++)
            series[t] = 0.95 * t / n * series[t - 1] + rng.NextNormal();

        double varianceTrend = EarlyWarningSignals.Trend(EarlyWarningSignals.RollingVariance(series, n / 4));
        double autocorrelationTrend = EarlyWarningSignals.Trend(EarlyWarningSignals.RollingLag1Autocorrelation(series, n / 4));

        Assert.True(varianceTrend > 0.5, $"variance τ {varianceTrend}");
        Assert.True(autocorrelationTrend > 0.5, $"autocorrelation τ {autocorrelationTrend}");
    }

    [Theory]
    [InlineData(1, "at least 2 values")]
    [InlineData(6, "longer than the series (5 values)")]
    public void RollingVariance_BadWindow_Throws(int window, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => EarlyWarningSignals.RollingVariance([1, 2, 3, 4, 5], window));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Indicators_BadInput_Throws()
    {
        Assert.Contains("at least 3 values", Assert.Throws<ArgumentException>(() => EarlyWarningSignals.RollingLag1Autocorrelation([1, 2, 3], 2)).Message);
        Assert.Contains("series[1] = NaN", Assert.Throws<ArgumentException>(() => EarlyWarningSignals.RollingVariance([1, double.NaN, 3], 2)).Message);
        Assert.Contains("indicator[0] = Infinity", Assert.Throws<ArgumentException>(() => EarlyWarningSignals.Trend([double.PositiveInfinity, 1])).Message);
    }
}

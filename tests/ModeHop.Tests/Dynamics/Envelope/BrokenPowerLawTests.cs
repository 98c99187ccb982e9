using ModeHop.Dynamics.Envelope;
using ModeHop.Tensors;

namespace ModeHop.Tests.Dynamics.Envelope;

public class BrokenPowerLawTests
{
    /// <summary>41 points from 1 to 10⁴, ten per decade.</summary>
    static readonly double[] Tokens = Enumerable.Range(0, 41).Select(k => Math.Pow(10, k / 10.0)).ToArray();

    static readonly BrokenPowerLawFit Truth = new(Amplitude: 5, SlopeBefore: 0.3, SlopeAfter: 1.2, Break: 150, ResidualSumOfSquares: 0);

    [Fact]
    public void Fit_NoiselessData_RecoversTheParametersAndABreakBetweenPoints()
    {
        // 150 is not one of the x: the grid lands near it and the golden-section refinement on it
        var loss = Tokens.Select(Truth.Evaluate).ToArray();

        BrokenPowerLawFit fit = BrokenPowerLaw.Fit(Tokens, loss);

        Assert.Equal(5, fit.Amplitude, 6);
        Assert.Equal(0.3, fit.SlopeBefore, 7);
        Assert.Equal(1.2, fit.SlopeAfter, 7);
        Assert.Equal(150, fit.Break, 4);
        Assert.True(fit.ResidualSumOfSquares < 1e-12, $"{fit.ResidualSumOfSquares}");
    }

    [Fact]
    public void Fit_LogNormalNoise_CloseToTheTruth()
    {
        var rng = new Rng(23);
        var loss = Tokens.Select(x => Truth.Evaluate(x) * Math.Exp(0.02 * rng.NextNormal())).ToArray();

        BrokenPowerLawFit fit = BrokenPowerLaw.Fit(Tokens, loss);

        Assert.InRange(fit.SlopeBefore, 0.25, 0.35);
        Assert.InRange(fit.SlopeAfter, 1.15, 1.25);
        Assert.InRange(fit.Break, 120, 190);
        // the residual is about the noise's: 41 points × 0.02²
        Assert.InRange(fit.ResidualSumOfSquares, 0.3 * 41 * 4e-4, 3 * 41 * 4e-4);
    }

    [Fact]
    public void Fit_UnbrokenPowerLaw_EqualSlopes()
    {
        var loss = Tokens.Select(x => 2 * Math.Pow(x, -0.5)).ToArray();

        BrokenPowerLawFit fit = BrokenPowerLaw.Fit(Tokens, loss);

        Assert.Equal(0.5, fit.SlopeBefore, 9);
        Assert.Equal(0.5, fit.SlopeAfter, 9);
        Assert.Equal(2, fit.Amplitude, 8);
    }

    [Fact]
    public void Fit_UnorderedInput_SameFit()
    {
        var loss = Tokens.Select(Truth.Evaluate).ToArray();
        int[] order = Enumerable.Range(0, Tokens.Length).Reverse().ToArray();

        BrokenPowerLawFit sorted = BrokenPowerLaw.Fit(Tokens, loss);
        BrokenPowerLawFit shuffled = BrokenPowerLaw.Fit(order.Select(i => Tokens[i]).ToArray(), order.Select(i => loss[i]).ToArray());

        Assert.Equal(sorted.Break, shuffled.Break, 6);
        Assert.Equal(sorted.SlopeAfter, shuffled.SlopeAfter, 9);
    }

    [Fact]
    public void Evaluate_ContinuousAtTheBreak()
    {
        double below = Truth.Evaluate(150 * (1 - 1e-12)), at = Truth.Evaluate(150);

        Assert.Equal(at, below, 9);
        Assert.Equal(5 * Math.Pow(150, -0.3) * Math.Pow(2, -1.2), Truth.Evaluate(300), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Truth.Evaluate(0));
    }

    [Fact]
    public void Fit_BadInput_ThrowsNamingIt()
    {
        Assert.Contains("y[1] = -0.5", Assert.Throws<ArgumentException>(() => BrokenPowerLaw.Fit([1, 2, 3], [1, -0.5, 1])).Message);
        Assert.Contains("x[0] = 0", Assert.Throws<ArgumentException>(() => BrokenPowerLaw.Fit([0, 2, 3], [1, 1, 1])).Message);
        Assert.Contains("x has 2 distinct values", Assert.Throws<ArgumentException>(() => BrokenPowerLaw.Fit([1, 2, 2, 1], [1, 2, 3, 4])).Message);
        Assert.Contains("x has 3 values but y has 2", Assert.Throws<ArgumentException>(() => BrokenPowerLaw.Fit([1, 2, 3], [1, 2])).Message);
        Assert.Contains("breakCandidates must be at least 2", Assert.Throws<ArgumentException>(() => BrokenPowerLaw.Fit([1, 2, 3], [1, 2, 3], 1)).Message);
    }
}

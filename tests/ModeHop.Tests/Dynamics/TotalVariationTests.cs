using ModeHop.Dynamics;

namespace ModeHop.Tests.Dynamics;

public class TotalVariationTests
{
    [Fact]
    public void Analyze_KnownSteps_MeanOfAbsoluteDifferences()
    {
        // |0.75 − 0.25| + |0.25 − 0.75| + |0.5 − 0.25| = 1.25 over 3 gaps
        var points = Signals.Points([0.25, 0.75, 0.25, 0.5], [-1, 1, -1, 0]);

        Assert.Equal(1.25 / 3, Hops.Analyze(points, new ModeRule()).MeanTotalVariation, 15);
    }

    [Fact]
    public void Analyze_HoppingSeries_FarMoreVariationThanSmoothOneWithSameEnds()
    {
        var smooth = Signals.Points(Signals.Ramp(0.1, 0.9, 9), Signals.Ramp(-2, 2, 9));
        var hopping = Signals.Points([0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.9], Signals.Ramp(-2, 2, 9));

        Assert.Equal(0.1, Hops.Analyze(smooth, new ModeRule()).MeanTotalVariation, 12);
        Assert.Equal(0.7, Hops.Analyze(hopping, new ModeRule()).MeanTotalVariation, 12);
    }

    [Fact]
    public void Analyze_ConstantSeries_ZeroVariation()
    {
        var points = Signals.Points([0.7, 0.7, 0.7], [1, 1, 1]);

        Assert.Equal(0.0, Hops.Analyze(points, new ModeRule()).MeanTotalVariation);
    }

    [Fact]
    public void Analyze_NoPoints_EmptyDynamics()
    {
        TaskDynamics d = Hops.Analyze([], new ModeRule());

        Assert.Empty(d.Modes);
        Assert.Empty(d.Candidates);
        Assert.Equal((0, 0.0, 0), (d.ConfirmedHops, d.MeanTotalVariation, d.Reversions));
    }

    [Fact]
    public void Analyze_OnePoint_OneModeZeroVariation()
    {
        TaskDynamics d = Hops.Analyze(Signals.Points([0.9], [2]), new ModeRule());

        Assert.Equal([Mode.General], d.Modes);
        Assert.Empty(d.Candidates);
        Assert.Equal(0.0, d.MeanTotalVariation);
    }
}

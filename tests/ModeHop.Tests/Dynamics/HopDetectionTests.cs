using ModeHop.Dynamics;

namespace ModeHop.Tests.Dynamics;

/// <summary>Which mode changes become candidates, and where they start and end.</summary>
public class HopDetectionTests
{
    static readonly ModeRule Rule = new();

    [Fact]
    public void Analyze_CleanParrotToGeneralStep_OneConfirmedHop()
    {
        var points = Signals.Points([0.1, 0.1, 0.1, 0.9, 0.9, 0.9], [-2, -2, -2, 2, 2, 2]);

        TaskDynamics d = Hops.Analyze(points, Rule);

        Assert.Equal([Mode.Parrot, Mode.Parrot, Mode.Parrot, Mode.General, Mode.General, Mode.General], d.Modes);
        Hop hop = Assert.Single(d.Candidates);
        Assert.Equal(new Hop(2, 3, 200, 300, 200_000, 300_000, Mode.Parrot, Mode.General, 4.0, Confirmed: true), hop);
        Assert.Equal(1, d.ConfirmedHops);
        Assert.Equal(0, d.Reversions);
    }

    [Fact]
    public void Analyze_ParrotMixedMixedGeneral_OneHopSpanningTheMixedCheckpoints()
    {
        var points = Signals.Points([0.2, 0.5, 0.55, 0.8], [-1.0, -0.25, 0.25, 1.5]);

        TaskDynamics d = Hops.Analyze(points, Rule);

        Assert.Equal([Mode.Parrot, Mode.Mixed, Mode.Mixed, Mode.General], d.Modes);
        Hop hop = Assert.Single(d.Candidates);
        Assert.Equal((0, 3, 0L, 300L), (hop.FromIndex, hop.ToIndex, hop.FromStep, hop.ToStep));
        Assert.Equal(2.5, hop.MarginChange, 12);
        Assert.True(hop.Confirmed);
        Assert.Equal(1, d.ConfirmedHops);
    }

    [Fact]
    public void Analyze_NoiseInsideDeadBand_NoCandidates()
    {
        // hard_acc wanders in 0.5 ± 0.09 and the margin flips sign: all Mixed, so nothing can hop
        int n = 60;
        var hardAcc = Enumerable.Range(0, n).Select(i => 0.5 + 0.09 * Math.Sin(1.7 * i)).ToArray();
        var margin = Enumerable.Range(0, n).Select(i => 3.0 * Math.Sin(2.3 * i)).ToArray();

        TaskDynamics d = Hops.Analyze(Signals.Points(hardAcc, margin), Rule);

        Assert.All(d.Modes, m => Assert.Equal(Mode.Mixed, m));
        Assert.Empty(d.Candidates);
        Assert.Equal(0, d.ConfirmedHops);
        Assert.Equal(0, d.Reversions);
        Assert.True(d.MeanTotalVariation > 0.05, "the noise itself still moves hard_acc");
    }

    [Theory]
    [InlineData(new[] { 0.2, 0.5, 0.3 })]        // P M P
    [InlineData(new[] { 0.9, 0.5, 0.45, 0.7 })]  // G M M G
    [InlineData(new[] { 0.1, 0.3, 0.2 })]        // P P P, moving
    public void Analyze_SameModeOnBothSidesOfMixed_NoCandidate(double[] hardAcc)
    {
        var margin = hardAcc.Select(h => 4 * (h - 0.5)).ToArray();

        TaskDynamics d = Hops.Analyze(Signals.Points(hardAcc, margin), Rule);

        Assert.Empty(d.Candidates);
    }

    [Fact]
    public void Analyze_GeneralToParrot_CandidateRunsThatWay()
    {
        var points = Signals.Points([0.8, 0.7, 0.5, 0.3], [2.0, 1.5, 0.0, -1.0]);

        Hop hop = Assert.Single(Hops.Analyze(points, Rule).Candidates);

        Assert.Equal((1, 3, Mode.General, Mode.Parrot), (hop.FromIndex, hop.ToIndex, hop.From, hop.To));
        Assert.Equal(-2.5, hop.MarginChange, 12);
        Assert.True(hop.Confirmed);
    }

    [Fact]
    public void Analyze_WiderDeadBand_TurnsTheSameSignalIntoNoCandidate()
    {
        var points = Signals.Points([0.3, 0.7], [-1, 1]);

        Assert.Single(Hops.Analyze(points, Rule).Candidates);
        Assert.Empty(Hops.Analyze(points, new ModeRule(GeneralAt: 0.8, ParrotAt: 0.2)).Candidates);
    }
}

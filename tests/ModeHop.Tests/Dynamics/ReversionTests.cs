using ModeHop.Dynamics;

namespace ModeHop.Tests.Dynamics;

/// <summary>Hops in both directions: each confirmed hop that undoes the previous confirmed one is a reversion.</summary>
public class ReversionTests
{
    [Fact]
    public void Analyze_RepeatedParrotGeneral_CountsEveryHopAndReversion()
    {
        // P G P G P: four confirmed hops, each after the first runs against the one before it
        var points = Signals.Points([0.1, 0.9, 0.1, 0.9, 0.1], [-2, 2, -2, 2, -2]);

        TaskDynamics d = Hops.Analyze(points, new ModeRule());

        Assert.Equal(4, d.Candidates.Count);
        Assert.All(d.Candidates, h => Assert.True(h.Confirmed));
        Assert.Equal([Mode.General, Mode.Parrot, Mode.General, Mode.Parrot], d.Candidates.Select(h => h.To));
        Assert.Equal(4, d.ConfirmedHops);
        Assert.Equal(3, d.Reversions);
    }

    [Fact]
    public void Analyze_RepeatedHopsThroughMixed_SameCounts()
    {
        // G M P M G M P: three candidates, Mixed checkpoints skipped
        var points = Signals.Points([0.9, 0.5, 0.1, 0.5, 0.9, 0.5, 0.1], [2, 0, -2, 0, 2, 0, -2]);

        TaskDynamics d = Hops.Analyze(points, new ModeRule());

        Assert.Equal([(0, 2), (2, 4), (4, 6)], d.Candidates.Select(h => (h.FromIndex, h.ToIndex)));
        Assert.Equal(3, d.ConfirmedHops);
        Assert.Equal(2, d.Reversions);
    }

    [Fact]
    public void Analyze_UnconfirmedHopBetweenTwoRises_NoReversion()
    {
        // P→G confirmed; G→P unconfirmed (the G end's spread of 3 swamps a 2.5 change); P→G confirmed again:
        // the two confirmed hops run the same way, so they are not a reversion
        var points = Signals.Points([0.1, 0.9, 0.1, 0.9], [-2.0, 2.0, -0.5, 2.0], [0.1, 3.0, 0.1, 0.1]);

        TaskDynamics d = Hops.Analyze(points, new ModeRule());

        Assert.Equal([true, false, true], d.Candidates.Select(h => h.Confirmed));
        Assert.Equal(2, d.ConfirmedHops);
        Assert.Equal(0, d.Reversions);
    }

    [Fact]
    public void Analyze_UnconfirmedCandidates_NeverCountAsReversions()
    {
        // P G P G with every margin inside a huge spread: four modes, three candidates, nothing confirmed
        var points = Signals.Points([0.1, 0.9, 0.1, 0.9], [-1, 1, -1, 1], 10.0);

        TaskDynamics d = Hops.Analyze(points, new ModeRule());

        Assert.Equal(3, d.Candidates.Count);
        Assert.Equal(0, d.ConfirmedHops);
        Assert.Equal(0, d.Reversions);
    }
}

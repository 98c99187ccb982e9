using ModeHop.Dynamics;

namespace ModeHop.Tests.Dynamics;

/// <summary>
/// What a smooth control yields. A monotone series passes through the modes at most once (P… M… G…), so it can
/// have at most one candidate; one that starts inside the dead band, like a control rising from 0.45 to 0.9, has
/// none. A smooth rise that crosses the whole band is one hop: telling smooth from sudden is the job of total
/// variation and the change-point search, not of the mode rule.
/// </summary>
public class SmoothControlTests
{
    [Fact]
    public void Analyze_ControlRisingFrom045To09_NoHop()
    {
        int n = 20;
        var points = Signals.Points(Signals.Ramp(0.45, 0.9, n), Signals.Ramp(-0.2, 2.0, n), 0.05);

        TaskDynamics d = Hops.Analyze(points, new ModeRule());

        Assert.Equal(Mode.Mixed, d.Modes[0]);
        Assert.Equal(Mode.General, d.Modes[^1]);
        Assert.DoesNotContain(Mode.Parrot, d.Modes);
        Assert.Empty(d.Candidates);
        Assert.Equal(0, d.ConfirmedHops);
        Assert.Equal(0.45 / (n - 1), d.MeanTotalVariation, 12);
    }

    [Fact]
    public void Analyze_SmoothRiseAcrossTheWholeBand_ExactlyOneHop()
    {
        // hard_acc = i/40 for i = 4..36: the last Parrot is 16/40 = 0.4, the first General is 24/40 = 0.6
        var hardAcc = Enumerable.Range(4, 33).Select(i => i / 40.0).ToArray();
        var points = Signals.Points(hardAcc, hardAcc.Select(h => 5 * (h - 0.5)).ToArray(), 0.05);

        TaskDynamics d = Hops.Analyze(points, new ModeRule());

        Hop hop = Assert.Single(d.Candidates);
        Assert.Equal((12, 20, Mode.Parrot, Mode.General), (hop.FromIndex, hop.ToIndex, hop.From, hop.To));
        Assert.True(hop.Confirmed);
        Assert.Equal(0, d.Reversions);
    }

    [Fact]
    public void Analyze_RandomMonotoneSeries_AtMostOneCandidate()
    {
        var random = new Random(1234);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(2, 40);
            var steps = Enumerable.Range(0, n).Select(_ => random.NextDouble()).Order().ToArray();
            bool rising = random.Next(2) == 0;
            var hardAcc = rising ? steps : steps.Reverse().ToArray();
            var points = Signals.Points(hardAcc, hardAcc.Select(h => 4 * (h - 0.5)).ToArray(), 0.01);

            TaskDynamics d = Hops.Analyze(points, new ModeRule());

            Assert.True(d.Candidates.Count <= 1, $"trial {trial}: {d.Candidates.Count} candidates in a monotone series");
            Assert.Equal(0, d.Reversions);
        }
    }
}

using ModeHop.Cli.Pipeline;
using ModeHop.Tensors;

namespace ModeHop.Tests.Cli;

public class OnlineAlarmsTests
{
    static double[] Noisy(ulong seed, params (int Count, double Level)[] regimes)
    {
        var rng = new Rng(seed);
        return regimes.SelectMany(r => Enumerable.Range(0, r.Count).Select(_ => r.Level + 0.02 * (rng.NextDouble() - 0.5))).ToArray();
    }

    [Fact]
    public void Observe_AHopInNgp_RaisesOneAlarmAtTheHopDelayCheckpointsLater()
    {
        var alarms = new OnlineAlarms();
        var series = Noisy(1, (20, 0.25), (20, 0.8));
        var raised = new List<OnlineAlarm>();
        for (int t = 0; t < series.Length; t++)
            if (alarms.Observe("Flipped", 100L * t, series[t]) is { } a) raised.Add(a);
        var alarm = Assert.Single(raised);
        Assert.Equal(2000, alarm.Step);
        Assert.Equal(2000 + 100 * OnlineAlarms.Delay, alarm.SeenAtStep);
        Assert.InRange(alarm.Before, 0.2, 0.3);
        Assert.InRange(alarm.After, 0.75, 0.85);
        Assert.True(alarm.Probability >= OnlineAlarms.Threshold);
        Assert.Equal(raised, alarms.Alarms);
    }

    [Fact]
    public void Observe_AFlatNoisySeries_RaisesNothing()
    {
        var alarms = new OnlineAlarms();
        foreach (var (x, t) in Noisy(2, (60, 0.6)).Select((x, t) => (x, t)))
            Assert.Null(alarms.Observe("Truthy", t, x));
    }

    [Fact]
    public void Observe_Families_AreTrackedApart()
    {
        var alarms = new OnlineAlarms();
        var hop = Noisy(3, (15, 0.2), (15, 0.9));
        var flat = Noisy(4, (30, 0.5));
        for (int t = 0; t < 30; t++)
        {
            alarms.Observe("A", t, hop[t]);
            alarms.Observe("B", t, flat[t]);
        }
        Assert.Equal("A", Assert.Single(alarms.Alarms).Family);
    }
}

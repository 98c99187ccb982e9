using ModeHop.Cli.Findings;
using ModeHop.Cli.Pipeline;
using ModeHop.Dynamics;
using ModeHop.Store;
using ModeHop.Tests.Dynamics;

namespace ModeHop.Tests.Cli;

/// <summary>Change points of a task's ngp series on synthetic step series with known breakpoints.</summary>
public class ChangePointAnalysisTests
{
    static readonly ChangePointOptions Defaults = new();

    /// <summary>Segments of the given means and lengths, plus Normal noise of <paramref name="sigma"/> (seeded): <see cref="Signals.Piecewise(double[], int[], double, ulong)"/>.</summary>
    static double[] Steps(double sigma, ulong seed, params (double Mean, int Length)[] segments) =>
        Signals.Piecewise(segments.Select(s => s.Mean).ToArray(), segments.Select(s => s.Length).ToArray(), sigma, seed);

    static TaskAnalysis Task(IReadOnlyList<double> ngp, bool control = false)
    {
        var points = ngp.Select((v, i) => new TaskPoint(100L * i, 1000L * i, v, 6 * (v - 0.5), 0.01)).ToArray();
        return new TaskAnalysis(new TaskRow(1, "Flipped", "toy", control, "1", "hash"), points, ngp, ngp.Select(_ => 0.01).ToArray(), Hops.Analyze(points, new ModeRule()));
    }

    [Theory]
    [InlineData(0.02, 1UL)]
    [InlineData(0.05, 2UL)]
    [InlineData(0.1, 3UL)]
    public void NoiseSigma_PureNoise_WithinFifteenPercentOfSigma(double sigma, ulong seed)
    {
        double[] series = Steps(sigma, seed, (0.5, 400));

        Assert.InRange(ChangePointAnalysis.NoiseSigma(series), 0.85 * sigma, 1.15 * sigma);
    }

    [Fact]
    public void NoiseSigma_ThreeLargeJumps_StillTheNoiseNotTheJumps()
    {
        double[] series = Steps(0.03, 4, (0.1, 50), (0.9, 50), (0.1, 50), (0.9, 50));

        Assert.InRange(ChangePointAnalysis.NoiseSigma(series), 0.025, 0.036);
    }

    [Fact]
    public void Breakpoints_ThreeSegments_FoundWhereTheyAre()
    {
        double[] series = Steps(0.03, 5, (0.2, 20), (0.8, 20), (0.4, 20));

        Assert.Equal([20, 40], ChangePointAnalysis.Breakpoints(series, Defaults));
    }

    [Fact]
    public void Breakpoints_HopEveryThreeCheckpoints_EveryOneFound()
    {
        // the demo's alternating windows: a mode that flips every few checkpoints
        double[] series = Steps(0.04, 6, (0.15, 10), (0.9, 3), (0.15, 3), (0.9, 3), (0.15, 10));

        Assert.Equal([10, 13, 16, 19], ChangePointAnalysis.Breakpoints(series, Defaults));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Breakpoints_NoiseOnly_None(ulong seed)
    {
        double[] series = Steps(0.05, seed, (0.5, 78));

        Assert.Empty(ChangePointAnalysis.Breakpoints(series, Defaults));
    }

    [Fact]
    public void Breakpoints_SaturatedWithAWobbleOfAHundredth_NoneThanksToTheNoiseFloor()
    {
        // σ̂ ≈ 0.0005 alone would price a 0.015 shift over 10 checkpoints as a change
        double[] series = Steps(0.0005, 7, (0.985, 30), (0.97, 10), (0.985, 30));

        Assert.Empty(ChangePointAnalysis.Breakpoints(series, Defaults));
        Assert.Equal([30, 40], ChangePointAnalysis.Breakpoints(series, Defaults with { NoiseFloor = 0 }));
    }

    [Fact]
    public void Breakpoints_LoneOutlier_EverySegmentAtLeastTwoCheckpoints()
    {
        double[] series = Steps(0.02, 8, (0.3, 20));
        series[10] = 0.9;

        var breakpoints = ChangePointAnalysis.Breakpoints(series, Defaults);

        Assert.NotEmpty(breakpoints);
        var edges = breakpoints.Prepend(0).Append(series.Length).ToArray();
        Assert.All(edges.Zip(edges.Skip(1)), e => Assert.True(e.Second - e.First >= 2, $"segment [{e.First}, {e.Second})"));
    }

    [Fact]
    public void Breakpoints_ShorterThanTwoSegments_None()
    {
        Assert.Empty(ChangePointAnalysis.Breakpoints([0.1, 0.9, 0.1], Defaults));
    }

    [Fact]
    public void Penalty_IsBetaSigmaSquaredLogN()
    {
        double[] series = Steps(0.1, 9, (0.5, 100));
        double sigma = ChangePointAnalysis.NoiseSigma(series);

        Assert.Equal(3 * sigma * sigma * Math.Log(100), ChangePointAnalysis.Penalty(series, Defaults), 12);
        Assert.Equal(3 * 0.03 * 0.03 * Math.Log(100), ChangePointAnalysis.Penalty(Steps(0.001, 9, (0.5, 100)), Defaults), 12);
    }

    [Fact]
    public void Detect_StepAndTokensOfTheNewSegmentsFirstCheckpoint_SegmentMeans()
    {
        var task = Task(Steps(0, 1, (0.2, 6), (0.8, 4), (0.4, 6)));

        var found = ChangePointAnalysis.Detect(task, Defaults);

        Assert.Equal([600L, 1000L], found.Select(c => c.Step));
        Assert.Equal([6000L, 10000L], found.Select(c => c.Tokens));
        Assert.Equal(0.2, found[0].Before, 12);
        Assert.Equal(0.8, found[0].After, 12);
        Assert.Equal(0.8, found[1].Before, 12);
        Assert.Equal(0.4, found[1].After, 12);
        Assert.All(found, c => Assert.Equal(("Flipped", "toy", false), (c.Family, c.Task, c.Control)));
    }

    [Fact]
    public void WriteFindings_OneRowPerChangePoint_ValueAfterMinusBefore_ReplacedNotDoubled()
    {
        using var files = new Store.StoreFiles();
        var store = files.Open();
        long runId = Store.StoreFiles.Run(store);
        var row = store.FindRun("demo")!;
        var tasks = new[] { Task(Steps(0, 1, (0.2, 6), (0.8, 4), (0.4, 6))), Task(Steps(0, 1, (0.5, 16)), control: true) };

        ChangePointAnalysis.WriteFindings(store, row, tasks, Defaults);
        ChangePointAnalysis.WriteFindings(store, row, tasks, Defaults);

        var rows = store.Findings(runId).Where(f => f.Kind == FindingKinds.ChangePoint).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal([600L, 1000L], rows.Select(r => r.Step!.Value));
        foreach (var r in rows)
        {
            var c = FindingJson.Read<ChangePointFinding>(r.Json, FindingKinds.ChangePoint);
            Assert.Equal(c.After - c.Before, r.Value!.Value, 12);
            Assert.Equal(("Flipped", "toy"), (r.Family, r.Task));
        }
    }
}

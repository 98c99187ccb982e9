using System.Text.Json.Nodes;
using ModeHop.Cli.Findings;
using ModeHop.Cli.Pipeline;
using ModeHop.Dynamics;
using ModeHop.Store;

namespace ModeHop.Tests.Cli;

/// <summary>`modehop controls stability|average|interpolate` through the real program on a tiny lab run.</summary>
public class ControlsTests(TinyLabRun source) : IClassFixture<TinyLabRun>
{
    static IReadOnlyList<FindingRow> Findings(string run, string kind)
    {
        using var store = ResultsStore.Open(Path.Combine(run, "results.db"), create: false);
        return store.Findings(Assert.Single(store.Runs()).Id).Where(f => f.Kind == kind).ToArray();
    }

    /// <summary>The DB's analysis: (family, task, control) → (ngp, margin, hard_acc) per step.</summary>
    static Dictionary<(string, string, bool), Dictionary<long, (double Ngp, double Margin)>> Stored(string run)
    {
        using var store = ResultsStore.Open(Path.Combine(run, "results.db"), create: false);
        var analysis = RunAnalysis.Analyze(store, Assert.Single(store.Runs()), new ModeRule());
        return analysis.ToDictionary(a => (a.Task.Family, a.Task.Task, a.Task.Control),
            a => a.Points.Select((p, i) => (p.Step, Value: (a.NormalizedGeneralProb[i], p.LogProbMargin))).ToDictionary(x => x.Step, x => x.Value));
    }

    [Fact]
    public void Stability_RateZeroChangesNothing_LargeRateChangesScores_OneFindingPerCombination()
    {
        string run = source.Copy("stability");
        var r = CliAssert.Ok("controls", "stability", "--run", run, "--steps", "20,120", "--lrs", "0,1e-2", "--batch-sizes", "1,B", "--threads", "2", "--json");
        var json = JsonNode.Parse(r.Stdout)!;
        Assert.Equal(2, json["rows"]!.AsArray().Count);

        var rows = Findings(run, FindingKinds.Stability);
        Assert.Equal(2 * 2 * 2, rows.Count);
        var findings = rows.Select(f => (Row: f, Finding: FindingJson.Read<StabilityFinding>(f.Json, f.Kind))).ToArray();
        Assert.Equal([1, 16], findings.Select(f => f.Finding.BatchSize).Distinct().Order());
        var stored = Stored(run);
        foreach (var (row, f) in findings)
        {
            Assert.Equal(f.CheckpointStep, row.Step);
            Assert.Equal(f.MeanAbsMarginChange, row.Value!.Value, 12);
            Assert.Equal(16, f.Tasks.Count);
            Assert.Equal(f.CheckpointStep == 120 ? 100 : 40, f.NextStep); // the last checkpoint is compared with the one before
            foreach (var t in f.Tasks)
            {
                var db = stored[(t.Family, t.Task, t.Control)][f.CheckpointStep];
                Assert.Equal(db.Ngp, t.NgpBefore, 1e-9);
                Assert.Equal(db.Margin, t.MarginBefore, 1e-9);
            }
            if (f.LearningRate == 0)
            {
                Assert.All(f.Tasks, t => Assert.True(Math.Abs(t.MarginAfter - t.MarginBefore) < 1e-6 && Math.Abs(t.NgpAfter - t.NgpBefore) < 1e-6, $"{t.Family} moved at lr 0"));
                Assert.True(f.MeanAbsMarginChange < 1e-6);
            }
            else
            {
                Assert.True(f.MeanAbsMarginChange > 1e-3, $"lr 1e-2 from step {f.CheckpointStep} with batch {f.BatchSize} changed the margin by only {f.MeanAbsMarginChange}");
            }
            Assert.True(f.NeighbourMeanAbsMarginChange > 0);
        }

        // A re-run replaces the findings, and the batch is the same for the same seed.
        CliAssert.Ok("controls", "stability", "--run", run, "--steps", "20,120", "--lrs", "0,1e-2", "--batch-sizes", "1,B", "--threads", "2", "--json");
        var again = Findings(run, FindingKinds.Stability).Select(f => FindingJson.Read<StabilityFinding>(f.Json, f.Kind)).ToArray();
        Assert.Equal(8, again.Length);
        Assert.Equal(findings.Select(f => f.Finding.MeanAbsMarginChange), again.Select(f => f.MeanAbsMarginChange));
    }

    [Fact]
    public void Stability_RunWithoutTestHops_StartsFromFourEvenlySpacedCheckpoints()
    {
        string run = source.Copy("stability-default");
        using (var store = ResultsStore.Open(Path.Combine(run, "results.db"), create: false))
            Assert.All(RunAnalysis.Analyze(store, Assert.Single(store.Runs()), new ModeRule()).Where(a => !a.Task.Control),
                a => Assert.Equal(0, a.Dynamics.ConfirmedHops)); // the premise: the tiny run's test tasks do not hop
        var json = JsonNode.Parse(CliAssert.Ok("controls", "stability", "--run", run, "--lrs", "0", "--batch-sizes", "1", "--threads", "2", "--json").Stdout)!;
        // Checkpoints 0, 1, 2, 4, 20, …, 120 and no confirmed test hop: indices 0, 3, 6, 9.
        Assert.Equal([0L, 4, 60, 120], json["steps"]!.AsArray().Select(x => (long)x!));
        Assert.Empty(json["hops"]!.AsArray());
        Assert.Equal(4, Findings(run, FindingKinds.Stability).Count);

        Assert.Contains("--from", CliAssert.Fails("controls", "interpolate", "--run", run).Stderr);
    }

    [Fact]
    public void Average_WindowOneAndEmaZero_ReproduceTheRawSeries_OtherKindsUntouched()
    {
        string run = source.Copy("average");
        CliAssert.Ok("analyze", "--db", Path.Combine(run, "results.db"));
        int hops = Findings(run, RunAnalysis.HopFinding).Count;
        var text = CliAssert.Ok("controls", "average", "--run", run, "--k", "1", "--ema", "0", "--threads", "2");
        Assert.Contains("Flipped", text.Stdout);

        var rows = Findings(run, FindingKinds.Averaging);
        Assert.Equal(2 * 16, rows.Count);
        var stored = Stored(run);
        foreach (var row in rows)
        {
            var f = FindingJson.Read<AveragingFinding>(row.Json, row.Kind);
            Assert.Equal(f.Family, row.Family);
            Assert.Equal(f.Task, row.Task);
            Assert.Equal(f.AveragedHops, row.Value);
            Assert.Equal(10, f.Steps.Count);
            var db = stored[(f.Family, f.Task, f.Control)];
            for (int i = 0; i < f.Steps.Count; i++)
            {
                Assert.Equal(db[f.Steps[i]].Ngp, f.RawNgp[i], 1e-12);
                Assert.True(Math.Abs(f.AveragedNgp[i] - f.RawNgp[i]) < 1e-6, $"{f.Method} {f.Family}/{f.Task} at step {f.Steps[i]}: {f.AveragedNgp[i]} vs {f.RawNgp[i]}");
            }
            Assert.Equal(f.RawHops, f.AveragedHops);
            Assert.Equal(f.RawMaxJump, f.AveragedMaxJump, 1e-6);
        }
        Assert.Equal(hops, Findings(run, RunAnalysis.HopFinding).Count);

        // Real averaging smooths: the largest one-checkpoint jump of a series never grows under a 3-checkpoint mean of every task at once.
        CliAssert.Ok("controls", "average", "--run", run, "--k", "3", "--ema", "0.5", "--threads", "2", "--json");
        var smoothed = Findings(run, FindingKinds.Averaging).Select(f => FindingJson.Read<AveragingFinding>(f.Json, f.Kind)).ToArray();
        Assert.Equal(32, smoothed.Length);
        Assert.Contains(smoothed, f => Math.Abs(f.AveragedNgp[^1] - f.RawNgp[^1]) > 1e-4);
    }

    [Fact]
    public void Interpolate_EndPoints_ReproduceTheTwoCheckpoints()
    {
        string run = source.Copy("interpolate");
        var r = CliAssert.Ok("controls", "interpolate", "--run", run, "--from", "20", "--to", "120", "--points", "3", "--threads", "2", "--json");
        var json = JsonNode.Parse(r.Stdout)!;
        Assert.Equal(20, (long)json["from_step"]!);
        Assert.Equal(16, json["curves"]!.AsArray().Count);

        var rows = Findings(run, FindingKinds.Interpolation);
        Assert.Equal(16, rows.Count);
        var stored = Stored(run);
        using var store = ResultsStore.Open(Path.Combine(run, "results.db"), create: false);
        var analysis = RunAnalysis.Analyze(store, Assert.Single(store.Runs()), new ModeRule());
        foreach (var row in rows)
        {
            var f = FindingJson.Read<InterpolationFinding>(row.Json, row.Kind);
            Assert.Equal([0, 0.5, 1], f.Lambdas);
            var db = stored[(f.Family, f.Task, f.Control)];
            Assert.True(Math.Abs(db[20].Ngp - f.Ngp[0]) < 1e-6 && Math.Abs(db[20].Margin - f.Margin[0]) < 1e-6, $"{f.Family} at λ = 0");
            Assert.True(Math.Abs(db[120].Ngp - f.Ngp[2]) < 1e-6 && Math.Abs(db[120].Margin - f.Margin[2]) < 1e-6, $"{f.Family} at λ = 1");
            Assert.Equal(f.Ngp[2] - f.Ngp[0], row.Value!.Value, 12);
            var task = analysis.Single(a => a.Task.Family == f.Family && a.Task.Task == f.Task && a.Task.Control == f.Control);
            int from = task.Points.ToList().FindIndex(p => p.Step == 20), to = task.Points.ToList().FindIndex(p => p.Step == 120);
            Assert.Equal(task.Dynamics.Modes[from].ToString(), f.FromMode);
            Assert.Equal(task.Dynamics.Modes[to].ToString(), f.ToMode);
        }

        var text = CliAssert.Ok("controls", "interpolate", "--run", run, "--from", "20", "--to", "120", "--lambdas", "0,1", "--threads", "2");
        Assert.Contains("Flipped/toy", text.Stdout);
        Assert.Equal(2, FindingJson.Read<InterpolationFinding>(Findings(run, FindingKinds.Interpolation)[0].Json, FindingKinds.Interpolation).Lambdas.Count);
    }

    [Theory]
    [InlineData("stability")]
    [InlineData("average")]
    [InlineData("interpolate")]
    public void Controls_BadRun_ExitTwoWithOneLine(string verb)
    {
        string dir = CliRunner.TempDir("controls-bad");
        string missing = Path.Combine(dir, "nope");
        string notLab = Path.Combine(dir, "empty");
        Directory.CreateDirectory(notLab);
        string unscored = Path.Combine(dir, "unscored");
        Directory.CreateDirectory(unscored);
        File.Copy(Path.Combine(source.Dir, "recipe.json"), Path.Combine(unscored, "recipe.json"));
        foreach (var (run, expected) in new[] { (missing, "nope"), (notLab, "recipe.json"), (unscored, "results.db") })
            CliAssert.OneLineError(expected, "controls", verb, "--run", run);
    }

    [Fact]
    public void Controls_BadValues_ExitTwoNamingTheOption()
    {
        string run = source.Copy("bad-values");
        Assert.Contains("step 7", CliAssert.Fails("controls", "stability", "--run", run, "--steps", "7").Stderr);
        Assert.Contains("--lrs", CliAssert.Fails("controls", "stability", "--run", run, "--lrs", "1e-3,fast").Stderr);
        CliAssert.Fails("controls", "interpolate", "--run", run, "--lambdas", "0,1", "--points", "5");
        Assert.Contains("--to", CliAssert.Fails("controls", "interpolate", "--run", run, "--from", "20").Stderr);
        Assert.Contains("--k", CliAssert.Fails("controls", "average", "--run", run, "--k", "0").Stderr);
        Assert.Empty(Findings(run, FindingKinds.Stability));
    }
}

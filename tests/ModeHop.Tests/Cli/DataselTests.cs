using System.Text.Json.Nodes;
using ModeHop.Cli.Findings;
using ModeHop.Cli.Pipeline;
using ModeHop.Cli.Pipeline.Applications;
using ModeHop.Lab;
using ModeHop.Store;

namespace ModeHop.Tests.Cli;

/// <summary>The tiny lab run with `datasel --steps 40` run once on it (arms from step 40, the end of its warm-up).</summary>
public sealed class DataselRun : TinyLabRun
{
    public JsonObject First { get; }

    public DataselRun()
    {
        var r = CliRunner.Run("datasel", "--run", Dir, "--steps", "40", "--threads", "2", "--json");
        if (r.ExitCode != 0) throw new InvalidOperationException(r.ToString());
        First = JsonNode.Parse(r.Stdout)!.AsObject();
    }
}

/// <summary>`modehop datasel` through the real program on a tiny lab run, and its window and arm rules in process.</summary>
public class DataselTests(DataselRun run) : IClassFixture<DataselRun>
{
    static readonly string[] Labels = ["pro-general", "pro-pattern", "neutral"];

    static IReadOnlyList<DataArmFinding> Arms(JsonObject summary) =>
        summary["arms"]!.AsArray().Select(a => FindingJson.Read<DataArmFinding>(a!["finding"]!.ToJsonString(), "datasel_arm")).ToArray();

    static int Findings(string db, string kind)
    {
        using var store = ResultsStore.Open(db, create: false);
        return store.Findings(Assert.Single(store.Runs()).Id).Count(f => f.Kind == kind);
    }

    static int StoredCheckpoints(string db)
    {
        using var store = ResultsStore.Open(db, create: false);
        return store.Checkpoints(Assert.Single(store.Runs()).Id).Count;
    }

    [Fact]
    public void Datasel_LabelsEveryWindowByItsMarginChange()
    {
        var windows = run.First["windows"]!.AsArray();
        // warm 0–40, then p and g take turns for 20 steps each up to the final checkpoint (120).
        Assert.Equal(new long[] { 0, 40, 60, 80, 100 }, windows.Select(w => (long)w!["from_step"]!));
        Assert.Equal(new long[] { 40, 60, 80, 100, 120 }, windows.Select(w => (long)w!["to_step"]!));
        Assert.Equal(new[] { "warm", "p", "g", "p", "g" }, windows.Select(w => (string)w!["name"]!));
        foreach (var w in windows)
        {
            double change = (double)w!["margin_change"]!;
            Assert.Equal((double)w["margin_after"]! - (double)w["margin_before"]!, change, tolerance: 1e-12);
            Assert.Equal(change > 0 ? "pro-general" : change < 0 ? "pro-pattern" : "neutral", (string)w["label"]!);
        }
        Assert.Equal(5, Findings(run.DbPath, FindingKinds.DataWindow));
        Assert.Equal(40, (long)run.First["from_step"]!);
    }

    [Fact]
    public void Datasel_EachArm_IsALabRunOfItsOwnWithItsCheckpointsScored()
    {
        var arms = Arms(run.First);
        var skipped = run.First["skipped"]!.AsArray().Select(s => (string)s!["arm"]!).ToArray();
        Assert.Equal(DataArm.Names.Order(), arms.Select(a => a.Arm).Concat(skipped).Order());
        Assert.Contains(arms, a => a.Arm == "uncontrolled");
        var labels = run.First["windows"]!.AsArray().Skip(1).Select(w => ((string)w!["name"]!, (string)w["label"]!)).ToArray();
        foreach (var s in skipped) Assert.DoesNotContain(labels, l => l.Item2 == s);

        double mainAtFrom;
        using (var store = ResultsStore.Open(run.DbPath, create: false))
            mainAtFrom = SplitScores.ForRun(store, store.Runs()[0]).Single(p => p.Step == 40).HeldOut;
        foreach (var a in arms)
        {
            string dir = Path.Combine(run.Dir, "datasel", a.Arm);
            Assert.Equal(Path.GetFullPath(dir), Path.GetFullPath(a.RunDir));
            Assert.Equal($"tiny-lab-datasel-{a.Arm}", a.RunName);
            Assert.Equal(new long[] { 40, 60, 80 }, ModeHop.Training.Checkpoints.Checkpoint.List(dir).Select(c => c.Step));
            Assert.Equal(3, StoredCheckpoints(Path.Combine(dir, "results.db")));
            Assert.Equal(new long[] { 40, 60, 80 }, a.ArmSteps);
            Assert.Equal(a.HeldOut[^1], a.FinalHeldOut);
            Assert.Equal(mainAtFrom, a.HeldOut[0], tolerance: 1e-9); // the copied start checkpoint scores as in the main run
            Assert.Equal(8, a.FinalModes.Count);
            Assert.All(a.FinalModes.Values, m => Assert.Contains(m, new[] { "General", "Parrot", "Mixed" }));
            var recipe = LabRun.Open(dir).Recipe;
            Assert.Equal(80, recipe.Training.Steps);
            Assert.Equal(3UL, recipe.Training.Seed);
            if (a.Arm != "uncontrolled")
                Assert.Equal(labels.Where(l => l.Item2 == a.Arm).Select(l => l.Item1), recipe.Alternate.Select(w => w.Name));
        }
        Assert.Equal(arms.Count, Findings(run.DbPath, FindingKinds.DataArm));
    }

    [Fact]
    public void Datasel_UncontrolledArm_ReplaysTheMainRun()
    {
        foreach (string step in new[] { "step000060", "step000080" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(run.Dir, step, "model.safetensors")),
                File.ReadAllBytes(Path.Combine(run.Dir, "datasel", "uncontrolled", step, "model.safetensors")));
    }

    [Fact]
    public void Datasel_RunAgain_TrainsNothingAndReplacesItsFindings()
    {
        var r = CliRunner.Run("datasel", "--run", run.Dir, "--steps", "40", "--threads", "2", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var again = JsonNode.Parse(r.Stdout)!.AsObject();
        Assert.All(again["arms"]!.AsArray(), a => Assert.False((bool)a!["trained"]!));
        Assert.Equal(run.First["windows"]!.ToJsonString(), again["windows"]!.ToJsonString());
        foreach (var a in Arms(again)) Assert.Equal(3, StoredCheckpoints(Path.Combine(a.RunDir, "results.db")));
        Assert.Equal(5, Findings(run.DbPath, FindingKinds.DataWindow));
        Assert.Equal(Arms(again).Count, Findings(run.DbPath, FindingKinds.DataArm));
    }

    [Fact]
    public void Datasel_ArmMissingItsLastCheckpoint_ResumesAndReproducesIt()
    {
        string arm = Path.Combine(run.Dir, "datasel", Arms(run.First)[^1].Arm), last = Path.Combine(arm, "step000080");
        byte[] before = File.ReadAllBytes(Path.Combine(last, "model.safetensors"));
        Directory.Delete(last, recursive: true);
        var r = CliRunner.Run("datasel", "--run", run.Dir, "--steps", "40", "--threads", "2");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("continued from", r.Stdout);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(last, "model.safetensors")));
        Assert.Equal(3, StoredCheckpoints(Path.Combine(arm, "results.db")));
    }

    [Fact]
    public void Datasel_BadInput_ExitsTwoWithOneLine()
    {
        foreach (var (args, says) in new (string[], string)[]
        {
            (["datasel", "--run", run.Dir, "--from", "7", "--steps", "40"], "no checkpoint at step 7"),
            (["datasel", "--run", run.Dir, "--steps", "20"], "other settings"),
            (["datasel", "--run", Path.Combine(run.Dir, "nope")], "nope"),
            (["datasel", "--run", run.Dir, "--steps", "0"], "--steps"),
        })
            CliAssert.OneLineError(says, args);
    }

    [Fact]
    public void Walk_DemoRecipe_GivesTheWarmUpThenTheAlternatingWindowsCutAtTheEnd()
    {
        var windows = DataWindows.Walk(Recipe.Load("demo"), 3000);
        Assert.Equal(new[] { (0, 0L, 2500L, "warmup"), (1, 2500L, 2800L, "pro-pattern"), (2, 2800L, 3000L, "pro-general") },
            windows.Select(w => (w.Index, w.FromStep, w.ToStep, w.Mixture.Name)));
    }

    [Fact]
    public void Label_ThresholdAndWindowsWithoutACheckpointInside_AreNeutral()
    {
        var w = new Window("w", 10, 1, 0, 0);
        RunWindow[] windows = [new(0, 0, 10, w), new(1, 10, 20, w), new(2, 20, 25, w), new(3, 25, 30, w)];
        var margins = new SortedDictionary<long, double> { [0] = 0.0, [10] = 1.0, [20] = 0.95, [30] = 0.5 };
        var labels = DataWindows.Label(windows, margins, threshold: 0.1);
        Assert.Equal(new[] { "pro-general", "neutral", "neutral", "pro-pattern" }, labels.Select(l => l.Label));
        Assert.Equal(0, labels[2].MarginChange); // 20–25 holds no checkpoint: before and after are both step 20
        Assert.Equal(-0.05, labels[1].MarginChange, tolerance: 1e-12);
        Assert.Equal(-0.45, labels[3].MarginChange, tolerance: 1e-12);
    }

    [Fact]
    public void ArmRecipe_KeepsTheWindowsBeforeTheStartThenTakesTurnsAmongThePool_AndKeepsOverrides()
    {
        var demo = Recipe.Load("demo").WithSeed(9);
        var main = LabRun.ForRecipe(CliRunner.TempDir("datasel-recipe"), demo);
        var windows = DataWindows.Walk(demo, 7000);
        var general = demo.Alternate[1];
        var arm = DataArm.Create(main, "pro-general", 2650, 500, windows, [general, demo.Windows[0] with { Name = "iid", Steps = 100 }]);
        var r = arm.Recipe;
        Assert.Equal("demo-datasel-pro-general", r.Name);
        Assert.Equal(3150, r.Training.Steps);
        Assert.Equal(9UL, r.Training.Seed);
        Assert.Equal(demo.Training with { Steps = 3150 }, r.Training);
        static Window Mixture(Window w) => w with { Steps = 0 };
        Assert.Equal(Mixture(demo.WindowAt(2000).Window), Mixture(r.WindowAt(2000).Window));
        Assert.Equal(Mixture(demo.WindowAt(2649).Window), Mixture(r.WindowAt(2649).Window)); // pro-pattern, cut at the start
        Assert.Equal(150, r.WindowAt(2649).Window.Steps);
        Assert.Equal(general, r.WindowAt(2650).Window);
        Assert.Equal(general, r.WindowAt(2949).Window);
        Assert.Equal("iid", r.WindowAt(2950).Window.Name);
        Assert.Equal(general, r.WindowAt(3050).Window);
        Assert.Equal(Path.Combine(main.Dir, "datasel", "pro-general"), arm.Dir);
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using ModeHop.Store;

namespace ModeHop.Tests.Cli;

/// <summary>The lab path end to end through the real program: train a recipe with monitors, kill and resume, analyze, report.</summary>
public class LabTrainTests
{
    /// <summary>
    /// The tiny recipe: 1 layer of 32 channels, 120 steps. The fine-tuning families' documents are off (weight 0): the
    /// tests that share this run read the prompted families, and ControlsTests needs a run whose test tasks do not hop,
    /// which this one (world 2, seed 3) is without them and is not with them (Truthy hops once).
    /// </summary>
    internal static string WriteRecipe(string dir, int steps = 120)
    {
        string path = Path.Combine(dir, "tiny-lab.json");
        File.WriteAllText(path, $$"""
            {
              "name": "tiny-lab",
              "world_seed": 2,
              "model": { "layers": 1, "channels": 32, "heads": 2, "seq_len": 32, "batch": 16, "steps": {{steps}},
                         "lr": 0.003, "min_lr": 0.003, "warmup": 5, "decay": "constant", "checkpoint_every": 20, "log_spaced_until": 4, "seed": 3 },
              "families": { "OOCR": 0, "EmergentMisalignment": 0 },
              "eval": { "items": 8, "seeds": 2 },
              "windows": [ { "name": "warm", "steps": 40, "agreeing": 0.8, "rule_only": 0.2 } ],
              "alternate": [ { "name": "p", "steps": 20, "agreeing": 1 }, { "name": "g", "steps": 20, "agreeing": 0.5, "rule_only": 0.5 } ]
            }
            """);
        return path;
    }

    static (int Checkpoints, int Metrics, int ItemScores) Counts(string db)
    {
        using var store = ResultsStore.Open(db, create: false);
        var run = Assert.Single(store.Runs());
        int items = store.Tasks(run.Id).Sum(t => store.ItemScores(run.Id, t.Id).Count);
        return (store.Checkpoints(run.Id).Count, store.Metrics(run.Id).Count, items);
    }

    [Fact]
    public void TrainRecipe_ThenAnalyzeAndReport_ScoresEveryCheckpointOnce()
    {
        string dir = CliRunner.TempDir("labtrain");
        string recipe = WriteRecipe(dir), run = Path.Combine(dir, "run");
        var r = CliRunner.Run("train", "--recipe", recipe, "--out", run, "--threads", "2");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("monitors", r.Stdout);
        string db = Path.Combine(run, "results.db");
        // Checkpoints 0, 1, 2, 4, 20, 40, …, 120.
        var (checkpoints, metrics, _) = Counts(db);
        Assert.Equal(10, checkpoints);
        Assert.True(File.Exists(Path.Combine(run, "step000120", "tokenizer.json")));
        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "step000060", "trainer_state.json")))!;
        Assert.Equal(20 * 16, state["composition"]!["rows"]!.AsObject().Sum(f => f.Value!.AsObject().Sum(k => (long)k.Value!)));

        var a = CliRunner.Run("analyze", "--db", db, "--json");
        Assert.True(a.ExitCode == 0, a.ToString());
        var tasks = JsonNode.Parse(a.Stdout)!["tasks"]!.AsArray();
        Assert.Equal(16, tasks.Count);
        Assert.All(tasks, t =>
        {
            Assert.Equal(10, t!["modes"]!.AsArray().Count);
            Assert.Equal(10, t["steps"]!.AsArray().Count);
            Assert.Contains((string?)t["modes"]![0], new[] { "General", "Parrot", "Mixed" });
        });
        Assert.Equal(8, tasks.Count(t => (bool)t!["control"]!));

        // Re-running the monitor's work (resume of a finished run) adds nothing.
        var again = CliRunner.Run("train", "--recipe", recipe, "--out", run, "--resume");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(metrics, Counts(db).Metrics);

        string html = Path.Combine(dir, "report.html");
        var rep = CliRunner.Run("report", "--db", db, "--out", html);
        Assert.True(rep.ExitCode == 0, rep.ToString());
        string text = File.ReadAllText(html);
        Assert.True(CountOf(text, "<svg") >= 8, "one chart per family at least");
        foreach (var family in ModeHop.Suite.Families.Prompted) Assert.Contains(family, text);
        Assert.DoesNotContain("http://", text);
    }

    [Fact]
    public void TrainRecipe_KilledThenResumed_HasTheSameResultsAsAnUninterruptedRun()
    {
        string dir = CliRunner.TempDir("labkill");
        string recipe = WriteRecipe(dir, steps: 200), reference = Path.Combine(dir, "reference"), killed = Path.Combine(dir, "killed");
        Assert.Equal(0, CliRunner.Run("train", "--recipe", recipe, "--out", reference, "--threads", "2").ExitCode);

        // Kill while the monitor is working: as soon as the results DB has moved past a few checkpoints.
        var clock = Stopwatch.StartNew();
        using (var process = Process.Start(CliRunner.StartInfo("train", "--recipe", recipe, "--out", killed, "--threads", "2"))!)
        {
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            while (!Directory.Exists(Path.Combine(killed, "step000080")) && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
                Thread.Sleep(1);
            if (!process.HasExited) process.Kill();
            process.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, "step000200", "trainer_state.json")), "the run finished before it could be killed");

        var resumed = CliRunner.Run("train", "--recipe", recipe, "--out", killed, "--threads", "2", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(Counts(Path.Combine(reference, "results.db")), Counts(Path.Combine(killed, "results.db")));
        string Analysis(string run) => CliRunner.Run("analyze", "--db", Path.Combine(run, "results.db"), "--json").Stdout;
        Assert.Equal(Analysis(reference), Analysis(killed));
    }

    [Fact]
    public void TrainRecipe_BadRecipeOrBothRecipeAndPreset_ExitsTwoWithOneLine()
    {
        string dir = CliRunner.TempDir("labbad");
        string bad = Path.Combine(dir, "bad.json");
        File.WriteAllText(bad, "{ \"name\": \"x\", \"model\": { \"layers\": 1 }, \"windows\": [ { \"steps\": 5, \"agreeing\": 1, \"colour\": 2 } ] }");
        var r = CliRunner.Run("train", "--recipe", bad, "--out", Path.Combine(dir, "run"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown key 'colour'", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));

        var both = CliRunner.Run("train", "--recipe", "iid", "--preset", "tiny", "--out", Path.Combine(dir, "run2"));
        Assert.Equal(2, both.ExitCode);

        var missing = CliRunner.Run("analyze", "--db", Path.Combine(dir, "nope.db"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.db", missing.Stderr);
    }

    static int CountOf(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}

using System.Diagnostics;
using ModeHop.Store;

namespace ModeHop.Tests.Cli;

/// <summary><c>modehop scan</c> through the real program, on lab runs it trains first.</summary>
public class ScanTests
{
    static string TrainLabRun(string dir, int steps, int checkpointEvery, int items, int seeds)
    {
        string recipe = Path.Combine(dir, "scan-lab.json");
        File.WriteAllText(recipe, $$"""
            {
              "name": "scan-lab",
              "world_seed": 4,
              "model": { "layers": 1, "channels": 32, "heads": 2, "seq_len": 32, "batch": 8, "steps": {{steps}},
                         "lr": 0.003, "min_lr": 0.003, "warmup": 2, "decay": "constant", "checkpoint_every": {{checkpointEvery}}, "log_spaced_until": 2, "seed": 5 },
              "eval": { "items": {{items}}, "seeds": {{seeds}} },
              "windows": [ { "name": "mixed", "steps": {{steps}}, "agreeing": 0.5, "rule_only": 0.5 } ]
            }
            """);
        string run = Path.Combine(dir, "run");
        var trained = CliRunner.Run("train", "--recipe", recipe, "--out", run, "--threads", "2");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        return run;
    }

    static IReadOnlyList<MetricRow> Metrics(string db)
    {
        using var store = ResultsStore.Open(db, create: false);
        var run = Assert.Single(store.Runs());
        return store.Metrics(run.Id).OrderBy(m => m.Step).ThenBy(m => m.TaskId).ThenBy(m => m.Seed).ToArray();
    }

    static (int Checkpoints, int ItemScores) Counts(string db)
    {
        using var store = ResultsStore.Open(db, create: false);
        var run = Assert.Single(store.Runs());
        return (store.Checkpoints(run.Id).Count, store.Tasks(run.Id).Sum(t => store.ItemScores(run.Id, t.Id).Count));
    }

    /// <summary>Checkpoints in a DB another process is still creating (0 until its schema and run exist).</summary>
    static int CheckpointsSoFar(string db)
    {
        try
        {
            using var store = ResultsStore.Open(db, create: false);
            var runs = store.Runs();
            return runs.Count == 1 ? store.Checkpoints(runs[0].Id).Count : 0;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            return 0;
        }
    }

    [Fact]
    public void Scan_LabRunWithToySuite_MatchesTheMonitorAndRerunScoresNothingTwice()
    {
        string dir = CliRunner.TempDir("scan");
        string run = TrainLabRun(dir, steps: 24, checkpointEvery: 8, items: 6, seeds: 2);
        string db = Path.Combine(dir, "scan.db");

        var first = CliRunner.Run("scan", run, "--db", db, "--suite", "toy", "--max-items", "6", "--threads", "2");
        var second = CliRunner.Run("scan", run, "--db", db, "--suite", "toy", "--max-items", "6", "--threads", "2");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("0 checkpoints scored", second.Stdout);
        // Step 0, 1, 2 (log-spaced), then 8, 16, 24: the same numbers the in-training monitor stored.
        var monitor = Metrics(Path.Combine(run, "results.db"));
        var scanned = Metrics(db);
        Assert.Equal(6, Counts(db).Checkpoints);
        Assert.Equal(monitor.Count, scanned.Count);
        for (int i = 0; i < monitor.Count; i++)
        {
            Assert.Equal(monitor[i].Step, scanned[i].Step);
            Assert.Equal(monitor[i].Tokens, scanned[i].Tokens);
            Assert.Equal(monitor[i].LogProbMargin, scanned[i].LogProbMargin, 9);
            Assert.Equal(monitor[i].HardAcc, scanned[i].HardAcc, 9);
        }
    }

    [Fact]
    public void Scan_DamagedCheckpoint_IsReportedAndSkippedAndTheRestScored()
    {
        string dir = CliRunner.TempDir("scanbad");
        string run = TrainLabRun(dir, steps: 16, checkpointEvery: 8, items: 4, seeds: 1);
        string damaged = Path.Combine(run, "step000008", "model.safetensors");
        File.WriteAllBytes(damaged, File.ReadAllBytes(damaged)[..100]);
        string db = Path.Combine(dir, "scan.db");

        var r = CliRunner.Run("scan", run, "--db", db, "--suite", "toy", "--threads", "2");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"skipped {Path.Combine(run, "step000008")}", r.Stdout);
        Assert.Contains("1 skipped", r.Stdout);
        Assert.Equal(4, Counts(db).Checkpoints); // steps 0, 1, 2, 16
    }

    [Fact]
    public void Scan_BadArguments_ExitTwoWithOneLine()
    {
        string dir = CliRunner.TempDir("scanargs");
        Directory.CreateDirectory(Path.Combine(dir, "empty"));
        foreach (var args in new[]
        {
            new[] { "scan", Path.Combine(dir, "missing"), "--db", Path.Combine(dir, "a.db") },
            new[] { "scan", Path.Combine(dir, "empty"), "--db", Path.Combine(dir, "a.db") },
            new[] { "scan", dir, "--db", Path.Combine(dir, "a.db"), "--seeds", "0" },
        })
        {
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode == 2, r.ToString());
            Assert.Single(r.Stderr.Trim().Split('\n'));
        }
    }

    [Fact]
    public void Scan_KilledThenRerun_EndsWithTheSameResultsAsAnUninterruptedScan()
    {
        string dir = CliRunner.TempDir("scankill");
        string run = TrainLabRun(dir, steps: 40, checkpointEvery: 2, items: 48, seeds: 4);
        string reference = Path.Combine(dir, "reference.db"), killed = Path.Combine(dir, "killed.db");
        string[] Args(string db) => ["scan", run, "--db", db, "--suite", "toy", "--max-items", "48", "--threads", "2"];
        Assert.Equal(0, CliRunner.Run(Args(reference)).ExitCode);
        int total = Counts(reference).Checkpoints;

        // Kill while the scan is part-way: as soon as the DB holds a few checkpoints.
        using (var process = Process.Start(CliRunner.StartInfo(Args(killed)))!)
        {
            var clock = Stopwatch.StartNew();
            while (!process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2) && CheckpointsSoFar(killed) < 3)
                Thread.Sleep(10);
            if (!process.HasExited) process.Kill();
            process.WaitForExit();
        }
        Assert.True(Counts(killed).Checkpoints < total, "the scan finished before it could be killed");

        var rerun = CliRunner.Run(Args(killed));

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(Counts(reference), Counts(killed));
        Assert.Equal(Metrics(reference).Select(m => (m.Step, m.Seed, m.LogProbMargin)), Metrics(killed).Select(m => (m.Step, m.Seed, m.LogProbMargin)));
    }
}

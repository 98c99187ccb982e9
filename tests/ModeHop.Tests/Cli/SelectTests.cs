using ModeHop.Cli.Findings;
using ModeHop.Cli.Pipeline.Applications;
using ModeHop.Store;
using ModeHop.Suite;

namespace ModeHop.Tests.Cli;

/// <summary>`modehop select` on a tiny lab run (through the real program) and on a hand-made scan DB (in process).</summary>
public class SelectTests(TinyLabRun lab) : IClassFixture<TinyLabRun>
{
    SelectionFinding Select(params string[] extra)
    {
        var r = CliAssert.Ok(["select", "--db", lab.DbPath, "--json", "--threads", "2", .. extra]);
        return FindingJson.Read<SelectionFinding>(r.Stdout.Trim(), "selection");
    }

    [Fact]
    public void Select_LabRun_PicksTheBestSelectionScoreAndGivesRolesByPosition()
    {
        var f = Select("--neighbours", "1", "--finetune-steps", "20");
        Assert.Equal(10, f.Checkpoints.Count);
        double best = f.Checkpoints.Max(c => c.Selection);
        int pick = f.Checkpoints.ToList().FindIndex(c => c.Selection == best); // ties go to the earlier checkpoint
        Assert.Equal(f.Checkpoints[pick].Step, f.PickStep);
        Assert.Equal(120, f.FinalStep);
        for (int i = 0; i < f.Checkpoints.Count; i++)
        {
            string expected = i == pick ? "pick" : i == f.Checkpoints.Count - 1 ? "final" : Math.Abs(i - pick) <= 1 ? "neighbour" : "other";
            Assert.Equal(expected, f.Checkpoints[i].Role);
        }
        Assert.Equal(f.Checkpoints.Where((_, i) => i != pick && Math.Abs(i - pick) <= 1).Select(c => c.Step), f.NeighbourSteps);
        Assert.Equal(f.Checkpoints[pick].HeldOut, f.PickHeldOut);
        Assert.Equal(f.Checkpoints[^1].HeldOut, f.FinalHeldOut);

        // The held-out score, recomputed here from the stored rows: per test task, per seed the mean over odd items
        // of Pg/(Pg+Pp), then the mean over seeds, then over tasks.
        using (var store = ResultsStore.Open(lab.DbPath, create: false))
        {
            var run = Assert.Single(store.Runs());
            double HeldOut(long step) => store.Tasks(run.Id).Where(t => !t.Control).Average(t => store.ItemScores(run.Id, t.Id)
                .Where(s => s.Step == step && s.ItemIndex % 2 == 1).GroupBy(s => s.Seed)
                .Average(g => g.Average(s => s.GeneralMeanProb + s.ParrotMeanProb == 0 ? 0.5 : s.GeneralMeanProb / (s.GeneralMeanProb + s.ParrotMeanProb))));
            Assert.Equal(HeldOut(f.PickStep), f.PickHeldOut, tolerance: 1e-12);
            Assert.Equal(HeldOut(120), f.FinalHeldOut, tolerance: 1e-12);

            var stored = Assert.Single(store.Findings(run.Id), x => x.Kind == FindingKinds.Selection);
            Assert.Equal(f.PickStep, stored.Step);
            Assert.Equal(f.PickHeldOut - f.FinalHeldOut, stored.Value!.Value, tolerance: 1e-12);
            Assert.Equal(FindingJson.Write(f), stored.Json);
        }

        // The fine-tune: pick, final and neighbours, each scored before (as the DB has it) and after.
        Assert.Equal("Repetitive", f.FineTuneFamily);
        Assert.Equal(20, f.FineTuneSteps);
        Assert.Equal(f.Checkpoints.Where(c => c.Role != "other").Select(c => (c.Step, c.Role)), f.FineTune.Select(t => (t.Step, t.Role)));
        foreach (var t in f.FineTune)
            Assert.Equal(f.Checkpoints.Single(c => c.Step == t.Step).HeldOut, t.HeldOutBefore, tolerance: 1e-6);
        Assert.Contains(f.FineTune, t => Math.Abs(t.HeldOutAfter - t.HeldOutBefore) > 1e-4);
    }

    [Fact]
    public void Select_FineTuneOfZeroSteps_LeavesTheScoresEqual_AndReplacesTheFinding()
    {
        var f = Select("--finetune-steps", "0", "--finetune-family", "flipped");
        Assert.Equal("Flipped", f.FineTuneFamily);
        Assert.NotEmpty(f.FineTune);
        Assert.All(f.FineTune, t => Assert.Equal(t.HeldOutBefore, t.HeldOutAfter));
        Select("--finetune-family", "none");
        using var store = ResultsStore.Open(lab.DbPath, create: false);
        Assert.Single(store.Findings(store.Runs()[0].Id), x => x.Kind == FindingKinds.Selection);
    }

    [Fact]
    public void Select_NoFineTune_PrintsTheTableAndStoresAnEmptyFineTune()
    {
        var r = CliRunner.Run("select", "--db", lab.DbPath, "--finetune-family", "none", "--threads", "2");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("pick step", r.Stdout);
        Assert.Contains("no fine-tune", r.Stdout);
        var f = Select("--finetune-family", "none");
        Assert.Null(f.FineTuneFamily);
        Assert.Empty(f.FineTune);
        Assert.Equal(0, f.FineTuneSteps);
    }

    [Fact]
    public void SplitScore_OnAllItems_EqualsTheStoredNormalizedGeneralProb()
    {
        using var store = ResultsStore.Open(lab.DbPath, create: false);
        var run = Assert.Single(store.Runs());
        var metrics = store.Metrics(run.Id);
        int compared = 0;
        foreach (var task in store.Tasks(run.Id))
            foreach (var step in store.ItemScores(run.Id, task.Id).GroupBy(s => s.Step))
            {
                double stored = metrics.Where(m => m.TaskId == task.Id && m.Step == step.Key).Average(m => m.NormalizedGeneralProb);
                Assert.Equal(stored, SplitScores.ForTask(step, ItemSplitPart.All), tolerance: 1e-12);
                // 8 items per seed: 4 even and 4 odd, so the mean of the two splits is the whole.
                double halves = (SplitScores.ForTask(step, ItemSplitPart.Selection) + SplitScores.ForTask(step, ItemSplitPart.HeldOut)) / 2;
                Assert.Equal(stored, halves, tolerance: 1e-12);
                compared++;
            }
        Assert.Equal(16 * 10, compared);
    }

    [Fact]
    public void Select_BadInput_ExitsTwoWithOneLine()
    {
        string missing = Path.Combine(CliRunner.TempDir("select-bad"), "nope.db");
        foreach (var (args, says) in new (string[], string)[]
        {
            (["select", "--db", missing], "nope.db"),
            (["select", "--db", lab.DbPath, "--finetune-family", "Bogus"], "Bogus"),
            (["select", "--db", lab.DbPath, "--neighbours", "-1"], "--neighbours"),
            (["select", "--db", lab.DbPath, "--run", "other"], "no run named 'other'"),
        })
            CliAssert.OneLineError(says, args);
    }

    [Fact]
    public void Select_ScanRun_RanksTestTasksOnlyBreaksTiesEarlyAndSkipsTheFineTune()
    {
        string db = Path.Combine(CliRunner.TempDir("select-scan"), "results.db");
        long[] steps = [0, 10, 20, 30, 40];
        // General share of each item (Pg = g, Pp = 1 − g) per step: test tasks' even and odd items, the control's even items.
        double[] testEven = [0.5, 0.7, 0.9, 0.9, 0.6], testOdd = [0.5, 0.6, 0.8, 0.7, 0.55], controlEven = [0.5, 1.0, 0.1, 0.5, 0.5];
        using (var store = ResultsStore.Open(db))
        {
            long run = store.UpsertRun(new RunRecord("series", "scan", "/nowhere", null));
            var tasks = new[] { ("A", false), ("B", false), ("A", true) }.Select(t =>
            {
                long id = store.UpsertTask(new TaskRecord(t.Item1, "t", t.Item2, "1", t.Item1 + t.Item2));
                store.UpsertItems(id, Enumerable.Range(0, 4).Select(i => new ItemRecord(i, $"p{i}", "g", "p")).ToArray());
                return (Id: id, Control: t.Item2);
            }).ToArray();
            for (int s = 0; s < steps.Length; s++)
            {
                var scores = tasks.Select(t =>
                {
                    var items = Enumerable.Range(0, 4).Select(i =>
                    {
                        double g = i % 2 == 0 ? (t.Control ? controlEven[s] : testEven[s]) : testOdd[s];
                        return new ItemScore(i, 0, Math.Log(g + 1e-9), Math.Log(1 - g + 1e-9), g, 1 - g);
                    }).ToArray();
                    return new TaskScores(t.Id, items, [new TaskSeedMetrics(0, 0.5, 0, 0, items.Average(x => x.GeneralMeanProb), 4)]);
                }).ToArray();
                store.WriteCheckpoint(run, new CheckpointRecord(steps[s], steps[s] * 100, $"/nowhere/{steps[s]}"), scores);
            }
        }

        var summary = CheckpointSelection.Run(db, null, new SelectionOptions { Neighbours = 1 });
        var f = summary.Finding;
        Assert.Equal(20, f.PickStep); // 0.9 at steps 20 and 30: the earlier; with the control counted, step 10 would win
        Assert.Equal(new[] { "other", "neighbour", "pick", "neighbour", "final" }, f.Checkpoints.Select(c => c.Role));
        Assert.Equal(new long[] { 10, 30 }, f.NeighbourSteps);
        Assert.Equal(0.8, f.PickHeldOut, tolerance: 1e-9);
        Assert.Equal(0.55, f.FinalHeldOut, tolerance: 1e-9);
        Assert.Null(f.FineTuneFamily);
        Assert.Empty(f.FineTune);
        Assert.Contains("scan", summary.NoFineTune);

        var wide = CheckpointSelection.Run(db, "series", new SelectionOptions { Neighbours = 3 }).Finding;
        Assert.Equal(new long[] { 0, 10, 30, 40 }, wide.NeighbourSteps);
        Assert.Equal(new[] { "neighbour", "neighbour", "pick", "neighbour", "final" }, wide.Checkpoints.Select(c => c.Role));
        using var check = ResultsStore.Open(db, create: false);
        var stored = Assert.Single(check.Findings(check.Runs()[0].Id));
        Assert.Equal(0.25, stored.Value!.Value, tolerance: 1e-9);
    }
}

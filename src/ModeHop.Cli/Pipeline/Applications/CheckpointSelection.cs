using System.Diagnostics;
using ModeHop.Cli.Findings;
using ModeHop.Store;
using ModeHop.Suite;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>Settings of checkpoint selection; <see cref="FineTuneFamily"/> null: no fine-tune.</summary>
public sealed record SelectionOptions
{
    /// <summary>Checkpoints on each side of the pick (by position in the run) reported as its neighbours.</summary>
    public int Neighbours { get; init; } = 2;
    public string? FineTuneFamily { get; init; } = NarrowFineTune.DefaultFamily;
    public int FineTuneSteps { get; init; } = 200;
    public double FineTuneLearningRate { get; init; } = 1e-3;

    /// <exception cref="UsageException">A value out of range.</exception>
    public void Validate()
    {
        if (Neighbours < 0) throw new UsageException($"--neighbours must be 0 or more, got {Neighbours}.");
        if (FineTuneSteps < 0) throw new UsageException($"--finetune-steps must be 0 or more, got {FineTuneSteps}.");
        if (!(FineTuneLearningRate > 0 && double.IsFinite(FineTuneLearningRate)))
            throw new UsageException($"--finetune-lr must be a positive number, got {FineTuneLearningRate}.");
        if (FineTuneFamily is not null && !NarrowFineTune.Families.Contains(FineTuneFamily))
            throw new UsageException($"--finetune-family '{FineTuneFamily}': not a lab family; give one of {string.Join(", ", NarrowFineTune.Families)}, or none.");
    }
}

/// <summary>
/// What checkpoint selection did: the run, the stored finding, why there was no fine-tune (null when there was one),
/// and its times.
/// </summary>
public sealed record SelectionSummary(string DbPath, string RunName, string RunKind, SelectionFinding Finding, string? NoFineTune,
    double Seconds, double FineTuneSeconds);

/// <summary>
/// Checkpoint selection (DESIGN.md, Applications 1): rank every checkpoint of a run by its general probability on the
/// selection split of the items (<see cref="ItemSplit"/>; ties go to the earlier checkpoint), then judge the pick on the
/// held-out split against the final checkpoint and against its ±n neighbouring checkpoints, which show whether the pick
/// is a lucky spike. For a lab run the pick, the final checkpoint and the neighbours also get the same fixed narrow
/// fine-tune (<see cref="NarrowFineTune"/>) and are scored again. Stores one <c>selection</c> finding per run (step =
/// the pick, value = pick − final on the held-out split).
/// </summary>
public static class CheckpointSelection
{
    public const string Criterion = "general_probability";
    public const string Split = "item_parity";

    public const string Pick = "pick";
    public const string Final = "final";
    public const string Neighbour = "neighbour";
    public const string Other = "other";

    /// <summary>Selects the checkpoint of run <paramref name="runName"/> (or the DB's only run) and stores the finding.</summary>
    public static SelectionSummary Run(string dbPath, string? runName, SelectionOptions options, TextWriter? log = null)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        if (!File.Exists(dbPath)) throw new FileNotFoundException($"{dbPath}: no such file; expected a results DB (results.db of a lab run or a scan).", dbPath);
        using var store = ResultsStore.Open(dbPath, create: false);
        var run = RunAnalysis.PickRun(store, runName);
        var points = SplitScores.ForRun(store, run);
        if (points.Count == 0)
            throw new InvalidDataException($"{dbPath}: run '{run.Name}' has no checkpoint at which every test task is scored; score it first.");

        int pick = 0;
        for (int i = 1; i < points.Count; i++)
            if (points[i].Selection > points[pick].Selection) pick = i; // strictly better: ties keep the earlier one
        int final = points.Count - 1, n = options.Neighbours;
        var neighbours = Enumerable.Range(Math.Max(0, pick - n), Math.Min(final, pick + n) - Math.Max(0, pick - n) + 1).Where(i => i != pick).ToArray();
        string Role(int i) => i == pick ? Pick : i == final ? Final : neighbours.Contains(i) ? Neighbour : Other;
        var checkpoints = points.Select((p, i) => new SelectionCheckpoint(p.Step, p.Tokens, Role(i), p.Selection, p.HeldOut)).ToArray();

        var fineTune = new List<FineTuneResult>();
        string? noFineTune = null;
        double fineTuneSeconds = 0;
        var lab = LabRunLocator.Find(dbPath, run);
        if (options.FineTuneFamily is null) noFineTune = "--finetune-family none";
        else if (run.Kind != "lab") noFineTune = $"a {run.Kind} run: the fine-tune needs a lab run's world and recipe";
        else if (lab is null) noFineTune = $"lab run '{run.Name}': its directory (beside the DB, or {run.Source}) is not found";
        else
        {
            var fineClock = Stopwatch.StartNew();
            var settings = new FineTuneSettings(options.FineTuneFamily, options.FineTuneSteps, options.FineTuneLearningRate);
            var tuned = new[] { pick, final }.Concat(neighbours).Distinct().Order().ToArray();
            var monitor = lab.Monitor(store, run.Id);
            foreach (int i in tuned)
            {
                long step = points[i].Step;
                log?.WriteLine($"select: fine-tuning step {step} ({Role(i)}) on {settings.Family}, {settings.Steps} steps at lr {settings.LearningRate:G3}");
                Checkpoint.LoadWeights(lab.CheckpointDir(step), monitor.Model);
                double before = SplitScores.ForResults(monitor.Evaluate()).HeldOut;
                NarrowFineTune.Run(monitor.Model, lab.Recipe, lab.World, settings);
                double after = SplitScores.ForResults(monitor.Evaluate()).HeldOut;
                fineTune.Add(new FineTuneResult(step, Role(i), before, after));
            }
            fineTuneSeconds = fineClock.Elapsed.TotalSeconds;
        }

        bool tunedAny = noFineTune is null;
        var finding = new SelectionFinding(Criterion, Split, points[pick].Step, points[final].Step, points[pick].HeldOut, points[final].HeldOut,
            checkpoints, neighbours.Select(i => points[i].Step).ToArray(),
            tunedAny ? options.FineTuneFamily : null, tunedAny ? options.FineTuneSteps : 0, tunedAny ? options.FineTuneLearningRate : 0, fineTune);
        store.ReplaceFindings(run.Id, FindingKinds.Selection,
            [new FindingRecord(FindingKinds.Selection, null, null, finding.PickStep, finding.PickHeldOut - finding.FinalHeldOut, FindingJson.Write(finding))]);
        return new SelectionSummary(store.Path, run.Name, run.Kind, finding, noFineTune, clock.Elapsed.TotalSeconds, fineTuneSeconds);
    }
}

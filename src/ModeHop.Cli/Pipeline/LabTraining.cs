using ModeHop.Cli.Terminal;
using ModeHop.Dynamics;
using ModeHop.Lab;
using ModeHop.Models;
using ModeHop.Store;
using ModeHop.Suite;
using ModeHop.Tensors.Threading;
using ModeHop.Training.Checkpoints;
using ModeHop.Training;

namespace ModeHop.Cli.Pipeline;

/// <summary>What a lab run did: where it is, and how long training and the monitors took.</summary>
/// <param name="Alarms">The online change-point alarms raised while it trained (<see cref="OnlineAlarms"/>).</param>
public sealed record LabOutcome(string RunDir, string DbPath, TrainResult Result, double TotalSeconds, double MonitorSeconds, IReadOnlyList<OnlineAlarm> Alarms);

/// <summary>
/// A lab run with online monitors: trains a recipe into a run directory and, at every checkpoint, scores the
/// world's toy suite into <c>results.db</c> beside it. On resume, checkpoints that were written but not yet scored
/// (a kill between the two) are scored first; every later one is scored as the trainer writes it.
/// </summary>
public static class LabTraining
{
    public const string RunFile = "recipe.json";
    public const string DbFile = "results.db";

    public static LabOutcome Run(Recipe recipe, string runDir, bool resume, string title)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string runFile = Path.Combine(runDir, RunFile);
        if (resume)
        {
            if (!File.Exists(runFile))
                throw new UsageException($"{runDir}: no lab run to resume (no {RunFile}); start it without --resume.");
            if (File.ReadAllText(runFile) != recipe.Json)
                throw new UsageException($"{runFile}: the run was started with another recipe; resume it with the same --recipe (or pass {runFile}).");
        }
        else
        {
            if (File.Exists(runFile) || File.Exists(Path.Combine(runDir, Commands.TrainCommand.RunFile)) || Checkpoint.List(runDir).Count > 0)
                throw new UsageException($"{runDir}: already holds a run; continue it with --resume, or choose another --out.");
            Directory.CreateDirectory(runDir);
            AtomicFiles.WriteText(runFile, recipe.Json);
        }

        var lab = LabRun.ForRecipe(runDir, recipe);
        var (world, tokenizer, tasks, dbPath) = (lab.World, lab.Tokenizer, lab.Tasks, lab.DbPath);
        using var store = ResultsStore.Open(dbPath);
        long runId = store.UpsertRun(new RunRecord(recipe.Name, "lab", Path.GetFullPath(runDir), recipe.Json));
        var preset = recipe.Training;
        var monitor = lab.Monitor(store, runId);
        var latest = new Dictionary<string, Mode>();
        var online = new OnlineAlarms();
        string alarmLine = "";
        void Score(string dir)
        {
            var state = TrainerState.Read(Path.Combine(dir, TrainerState.FileName));
            foreach (var r in monitor.Score(dir, state.Step, state.TokensSeen))
            {
                if (r.Task.Control) continue;
                latest[r.Task.Family] = Modes.Classify(r.Summary.HardAcc, new ModeRule());
                if (online.Observe(r.Task.Family, state.Step, r.Summary.NormalizedGeneralProb) is { } a)
                    alarmLine = $" | change: {Abbreviation(a.Family)}@{a.Step} {a.Before:F2}→{a.After:F2}";
            }
        }
        if (resume)
        {
            // The detectors see what an uninterrupted run showed them: the checkpoints scored before the kill, in order.
            foreach (var t in RunAnalysis.Analyze(store, store.FindRun(recipe.Name)!, new ModeRule()).Where(t => !t.Task.Control))
                for (int i = 0; i < t.Points.Count; i++) online.Observe(t.Task.Family, t.Points[i].Step, t.NormalizedGeneralProb[i]);
            // Checkpoints a killed process wrote but did not score yet (a kill between the two).
            foreach (var (_, dir) in Checkpoint.List(runDir)) Score(dir);
        }

        var trainer = new Trainer(preset, new LabCorpus(recipe, world), runDir)
        {
            ExtraFiles = new Dictionary<string, string> { ["tokenizer.json"] = tokenizer.ToJson() },
            CheckpointSaved = Score,
        };
        Console.WriteLine($"{title}: recipe '{recipe.Name}', world {recipe.WorldSeed}, {preset.Model.Family} L={preset.Model.Layers} C={preset.Model.Channels} H={preset.Model.Heads} V={preset.Model.VocabSize}, " +
            $"{preset.Model.ParameterCount():N0} parameters, batch {preset.BatchSize}×{preset.SeqLen}, {preset.Steps} steps, {tasks.Count} tasks × {recipe.EvalItems} items, {WorkerPool.Shared.Threads} threads → {runDir}");
        var view = new ProgressView();
        var result = view.Run(title, preset.Steps, report => trainer.Run(resume, p =>
        {
            report(p.Step, $"loss {p.Loss:F3} {p.TokensPerSecond:N0} tok/s ETA {p.SecondsRemaining:F0}s | {ModeLine(latest)}{alarmLine}");
        }));
        // "continued", not "resumed": a data-selection arm starts by continuing the checkpoint it branched from.
        if (result.ResumedFrom is not null) Console.WriteLine($"{title}: continued from {result.ResumedFrom}");
        if (online.Alarms.Count > 0)
            Console.WriteLine($"{title}: {online.Alarms.Count} online change-point alarms (family@step ngp before→after): " +
                string.Join(", ", online.Alarms.Select(a => $"{Abbreviation(a.Family)}@{a.Step} {a.Before:F2}→{a.After:F2}")));
        return new LabOutcome(runDir, dbPath, result, clock.Elapsed.TotalSeconds, monitor.Seconds, online.Alarms);
    }

    /// <summary>"Flipped:G Repetitive:P …": the latest mode of each family's test task.</summary>
    public static string ModeLine(IReadOnlyDictionary<string, Mode> modes) =>
        modes.Count == 0 ? "no checkpoint scored yet" : string.Join(' ', modes.Select(m => $"{Abbreviation(m.Key)}:{Modes.Letter(m.Value)}"));

    static string Abbreviation(string family) => family switch
    {
        "EntityTracking" => "Track",
        "Backtracking" => "Back",
        "Repetitive" => "Rep",
        "Successive" => "Succ",
        "Intuitive" => "Intu",
        _ => family,
    };
}

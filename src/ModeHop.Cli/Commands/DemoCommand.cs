using System.CommandLine;
using ModeHop.Cli.Pipeline;
using ModeHop.Dynamics;
using ModeHop.Lab;
using ModeHop.Report;
using ModeHop.Store;
using ModeHop.Suite;

namespace ModeHop.Cli.Commands;

/// <summary>
/// <c>modehop demo</c>: the main job on its built-in default. Trains the <c>demo</c> recipe from scratch while the toy
/// suite is scored at every checkpoint, finds the hops and change points, runs the controls (local stability,
/// checkpoint averaging, interpolation) and the applications (checkpoint selection, data selection, generalisation
/// predictors) on the run (<see cref="DemoChain"/>), writes <c>results.db</c> and <c>report.html</c>, and prints what
/// the run shows.
/// </summary>
public static class DemoCommand
{
    const string Marker = ".modehop-demo";

    /// <summary>Checkpoints the fine-tuning families are scored on, spread over the run (each costs a few fixed fine-tunes).</summary>
    public const int FineTuneCheckpoints = 12;

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Where the demo run goes (rewritten on every demo).", DefaultValueFactory = _ => Path.Combine("runs", "demo") };
        var recipe = new Option<string>("--recipe") { Description = $"The lab recipe ({string.Join(", ", Recipe.BuiltIn)} or a file).", DefaultValueFactory = _ => "demo" };
        var seed = new Option<ulong?>("--seed") { Description = "Training seed: initialisation and data (default: the recipe's)." };
        var threads = Common.ThreadsOption();
        var command = new Command("demo", "Run the whole chain on a lab run: train the demo recipe with the toy suite monitored at every checkpoint, analyse the hops, write results.db and report.html, print a summary.")
        {
            output, recipe, seed, threads,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            Common.ApplyThreads(r.GetValue(threads));
            var lab = Recipe.Load(r.GetValue(recipe)!);
            if (r.GetValue(seed) is { } s) lab = lab.WithSeed(s);
            string dir = r.GetValue(output)!;
            if (Directory.Exists(dir))
            {
                if (!File.Exists(Path.Combine(dir, Marker)) && Directory.EnumerateFileSystemEntries(dir).Any())
                    throw new UsageException($"{dir}: exists and is not a demo run; choose another --out.");
                Directory.Delete(dir, recursive: true);
            }
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, Marker), "This directory is rewritten by `modehop demo`.\n");
            var outcome = LabTraining.Run(lab, dir, resume: false, "demo");
            Console.WriteLine();
            Console.WriteLine($"demo: the fine-tuning families ({string.Join(", ", Families.FineTuning)}) on {FineTuneCheckpoints} checkpoints, each fine-tuned with a fixed protocol first");
            var fineTuning = ScanJob.Run(new ScanOptions
            {
                Paths = [dir], DbPath = outcome.DbPath, Suite = ScanSuite.Toy, Families = Families.FineTuning, MaxItems = null, Checkpoints = FineTuneCheckpoints,
            });
            Summarize(outcome, fineTuning, dir);
            return CliErrors.Ok;
        }));
        return command;
    }

    static void Summarize(LabOutcome outcome, ScanOutcome fineTuning, string dir)
    {
        var analysisClock = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<TaskAnalysis> tasks;
        RunFindings findings;
        (long Step, double Score) best, final;
        using (var store = ResultsStore.Open(outcome.DbPath, create: false))
        {
            var run = RunAnalysis.PickRun(store, null);
            tasks = RunAnalysis.Analyze(store, run, new ModeRule());
            findings = RunAnalysis.WriteFindings(store, run, tasks);
            (best, final) = BestCheckpoint(tasks);
        }

        Console.WriteLine();
        Console.WriteLine("demo: hops per family (confirmed; task / control) and the task's modes over checkpoints");
        var families = RunAnalysis.HopsByFamily(tasks);
        int width = families.Max(f => f.Family.Length);
        foreach (var f in families)
        {
            var test = tasks.FirstOrDefault(t => t.Task.Family == f.Family && !t.Task.Control);
            string modes = test is null ? "" : new string(test.Dynamics.Modes.Select(Modes.Letter).ToArray());
            Console.WriteLine($"  {f.Family.PadRight(width)} {f.TaskHops,2} / {f.ControlHops,-2} {modes}");
        }
        int hopping = families.Count(f => f.TaskHops > 0 && f.ControlHops == 0);
        Console.WriteLine($"demo: {hopping} families hop while their controls do not");
        foreach (string line in AnalyzeCommand.Headlines(findings))
            Console.WriteLine($"demo: {line}");

        // Explain and act: the controls and the three applications, each storing its findings in the run's DB.
        var chain = DemoChain.Run(dir, outcome.DbPath);
        string report;
        using (var store = ResultsStore.Open(outcome.DbPath, create: false))
        {
            var run = RunAnalysis.PickRun(store, null);
            report = ReportCommand.Write(store, run, tasks, Path.Combine(dir, "report.html"),
            [
                new ReportSummaryLine("best checkpoint by suite score", $"step {best.Step} ({best.Score:F3}) vs final step {final.Step} ({final.Score:F3})"),
                new ReportSummaryLine("time", $"{outcome.TotalSeconds:F0}s training with monitors ({outcome.MonitorSeconds:F0}s monitors), " +
                    $"{fineTuning.Seconds:F0}s fine-tuning families ({fineTuning.FineTunes.Sum(f => f.SecondsPerCheckpoint):F1}s of fine-tunes per checkpoint), {chain.Seconds:F0}s controls and applications"),
            ]);
        }
        double total = outcome.TotalSeconds + analysisClock.Elapsed.TotalSeconds;

        Console.WriteLine();
        Console.WriteLine("demo: what this run shows");
        foreach (var line in chain.Findings()) Console.WriteLine($"  {line}");
        foreach (var line in FineTuningLines(tasks, fineTuning)) Console.WriteLine($"  {line}");
        Console.WriteLine($"demo: {total:F0}s in all: training {outcome.TotalSeconds - outcome.MonitorSeconds:F0}s, monitors {outcome.MonitorSeconds:F1}s ({100 * outcome.MonitorSeconds / Math.Max(1e-9, total):F1}%), " +
            $"fine-tuning families {fineTuning.Seconds:F0}s, controls and applications {chain.Seconds:F0}s");
        Console.WriteLine($"demo: results in {outcome.DbPath}, report in {report}");
    }

    /// <summary>
    /// One line per fine-tuning family's test task: its hard accuracy after the fine-tune (EM: the share of questions the
    /// unsafe fine-tune shifted toward harm beyond the safe one) against its control's, the same items before it, at the
    /// first and last scored checkpoint, its margin at the last, and its modes; then the fine-tunes' cost.
    /// </summary>
    static IEnumerable<string> FineTuningLines(IReadOnlyList<TaskAnalysis> tasks, ScanOutcome fineTuning)
    {
        foreach (var test in tasks.Where(t => Families.IsFineTuning(t.Task.Family) && !t.Task.Control && t.Points.Count > 0))
        {
            var control = tasks.FirstOrDefault(t => t.Task.Control && t.Task.Family == test.Task.Family && t.Task.Task == test.Task.Task);
            string At(int i) => control is null || control.Points.Count <= i ? $"{test.Points[i].HardAcc:F2}" : $"{test.Points[i].HardAcc:F2} (before {control.Points[i].HardAcc:F2})";
            var first = test.Points[0];
            var last = test.Points[^1];
            string modes = new(test.Dynamics.Modes.Select(Modes.Letter).ToArray());
            yield return $"{test.Task.Family}/{test.Task.Task}: hard_acc after the fine-tune {At(0)} at step {first.Step} → {At(test.Points.Count - 1)} at step {last.Step}, " +
                $"margin {last.LogProbMargin:+0.00;-0.00}; modes {modes}, {test.Dynamics.ConfirmedHops} hops";
        }
        if (fineTuning.FineTunes.Count > 0)
            yield return $"fine-tunes per checkpoint: {fineTuning.FineTunes.Sum(f => f.SecondsPerCheckpoint):F2} s — " +
                string.Join(", ", fineTuning.FineTunes.Select(f => $"{f.Set} {f.SecondsPerCheckpoint:F2} s, loss {f.FirstLoss:F2} → {f.LastLoss:F2}"));
    }

    /// <summary>The checkpoint with the highest general probability (<see cref="RunAnalysis.GeneralProbability"/>), and the final one.</summary>
    static ((long Step, double Score) Best, (long Step, double Score) Final) BestCheckpoint(IReadOnlyList<TaskAnalysis> tasks)
    {
        var (steps, _, values) = RunAnalysis.GeneralProbability(tasks);
        var scores = steps.Select((s, i) => (Step: s, Score: values[i])).ToArray();
        return (scores.MaxBy(s => s.Score), scores[^1]);
    }
}

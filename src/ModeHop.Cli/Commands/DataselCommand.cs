using System.CommandLine;
using ModeHop.Cli.Pipeline;
using ModeHop.Cli.Pipeline.Applications;
using ModeHop.Dynamics;

namespace ModeHop.Cli.Commands;

/// <summary><c>modehop datasel</c>: label a lab run's windows and continue a checkpoint on each kind of data (<see cref="DataSelection"/>).</summary>
public static class DataselCommand
{
    public static Command Create()
    {
        var defaults = new DataSelectionOptions();
        var run = new Option<string>("--run") { Description = "The lab run directory (made by `modehop train --recipe` or `modehop demo`).", Required = true };
        var from = new Option<long?>("--from") { Description = "The checkpoint step to continue (default: the first checkpoint at or after the end of the first window, the warm-up)." };
        var steps = new Option<int>("--steps") { Description = "Steps each arm trains past --from.", DefaultValueFactory = _ => defaults.Steps };
        var threshold = new Option<double>("--threshold") { Description = "A window is pro-general when its margin change is above this, pro-pattern when below minus this, else neutral.", DefaultValueFactory = _ => defaults.Threshold };
        var threads = Common.ThreadsOption();
        var json = Common.JsonOption();
        var command = new Command("datasel", "Label each window of a lab run pro-general, pro-pattern or neutral by the margin change it caused; continue a checkpoint on uncontrolled, pro-pattern and pro-general data (same steps, same seed) in DIR/datasel/<arm>/; report each arm's hops, final modes and held-out general probability; store findings.")
        {
            run, from, steps, threshold, threads, json,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            Common.ApplyThreads(r.GetValue(threads));
            var options = new DataSelectionOptions { FromStep = r.GetValue(from), Steps = r.GetValue(steps), Threshold = r.GetValue(threshold) };
            bool asJson = r.GetValue(json);
            // The arms' training progress goes to stderr when stdout carries the JSON.
            var stdout = Console.Out;
            if (asJson) Console.SetOut(Console.Error);
            DataSelectionSummary summary;
            try
            {
                summary = DataSelection.Run(r.GetValue(run)!, options);
            }
            finally
            {
                Console.SetOut(stdout);
            }
            if (asJson) JsonOut.Print(summary);
            else Print(summary);
            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary>The windows (counts per label, then one line each) and the arms (hops, final modes, held-out general probability).</summary>
    public static void Print(DataSelectionSummary s)
    {
        var counts = s.Windows.GroupBy(w => w.Label).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}");
        Console.WriteLine($"datasel: run '{s.RunName}': {s.Windows.Count} windows ({string.Join(", ", counts)}) by the change of the mean test margin over each, threshold {s.Threshold:G3}");
        foreach (var w in s.Windows)
            Console.WriteLine($"  {w.Index,3} {w.Name,-14} {w.FromStep,6}–{w.ToStep,-6} margin {w.MarginBefore,8:F3} → {w.MarginAfter,8:F3} ({w.MarginChange,7:+0.000;-0.000;0.000})  {w.Label}");
        Console.WriteLine($"datasel: arms from step {s.FromStep}, {s.Steps} steps each (same seed and schedule)");
        Console.WriteLine($"  {"arm",-13} {"hops",5} {"ctrl",5}  {"held-out",8}  final modes");
        foreach (var a in s.Arms)
        {
            var f = a.Finding;
            var modes = f.FinalModes.ToDictionary(m => m.Key, m => Enum.Parse<Mode>(m.Value));
            Console.WriteLine($"  {f.Arm,-13} {f.TaskHops,5} {f.ControlHops,5}  {f.FinalHeldOut,8:F4}  {LabTraining.ModeLine(modes)}{(a.Trained ? "" : "  (reused)")}");
        }
        foreach (var k in s.Skipped) Console.WriteLine($"  {k.Arm,-13} skipped: {k.Reason}");
        Console.WriteLine($"datasel: {s.Seconds:F1}s; findings 'datasel_window' and 'datasel_arm' stored in {Path.Combine(s.RunDir, LabTraining.DbFile)}");
    }
}

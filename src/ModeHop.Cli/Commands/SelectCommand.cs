using System.CommandLine;
using ModeHop.Cli.Findings;
using ModeHop.Cli.Pipeline.Applications;

namespace ModeHop.Cli.Commands;

/// <summary><c>modehop select</c>: checkpoint selection on a split of the items (<see cref="CheckpointSelection"/>).</summary>
public static class SelectCommand
{
    public static Command Create()
    {
        var defaults = new SelectionOptions();
        var db = new Option<string>("--db") { Description = "The results DB (results.db of a lab run or a scan).", Required = true };
        var run = new Option<string?>("--run") { Description = "Which run in the DB (default: its only run)." };
        var neighbours = new Option<int>("--neighbours") { Description = "Checkpoints on each side of the pick to judge it against.", DefaultValueFactory = _ => defaults.Neighbours };
        var family = new Option<string>("--finetune-family")
        {
            Description = $"Lab runs: the family whose training documents the fixed narrow fine-tune reads ({string.Join(", ", NarrowFineTune.Families)}), or none.",
            DefaultValueFactory = _ => NarrowFineTune.DefaultFamily,
        };
        var steps = new Option<int>("--finetune-steps") { Description = "Optimiser steps of the fine-tune.", DefaultValueFactory = _ => defaults.FineTuneSteps };
        var lr = new Option<double>("--finetune-lr") { Description = "Constant learning rate of the fine-tune.", DefaultValueFactory = _ => defaults.FineTuneLearningRate };
        var threads = Common.ThreadsOption();
        var json = Common.JsonOption();
        var command = new Command("select", "Pick the checkpoint with the best general probability on the selection split (even items), judge it against the final checkpoint and its neighbours on the held-out split (odd items) and, for lab runs, after a fixed narrow fine-tune on one family; store the recommendation as a finding.")
        {
            db, run, neighbours, family, steps, lr, threads, json,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            Common.ApplyThreads(r.GetValue(threads));
            var options = new SelectionOptions
            {
                Neighbours = r.GetValue(neighbours),
                FineTuneFamily = NarrowFineTune.ParseFamily(r.GetValue(family)!),
                FineTuneSteps = r.GetValue(steps),
                FineTuneLearningRate = r.GetValue(lr),
            };
            bool asJson = r.GetValue(json);
            var summary = CheckpointSelection.Run(Common.ExistingFile(r.GetValue(db)!, "results DB"), r.GetValue(run), options, asJson ? Console.Error : Console.Out);
            if (asJson) Console.WriteLine(FindingJson.Write(summary.Finding));
            else Print(summary);
            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary>The table: pick, final and neighbours on both splits, then the fine-tune before and after.</summary>
    public static void Print(SelectionSummary summary)
    {
        var f = summary.Finding;
        Console.WriteLine($"select: run '{summary.RunName}' ({summary.RunKind}), {f.Checkpoints.Count} checkpoints ranked by general probability on the selection split (even items); judged on the held-out split (odd items)");
        Console.WriteLine($"  {"step",8}  {"role",-9}  {"selection",9}  {"held-out",8}");
        foreach (var c in f.Checkpoints.Where(c => c.Role != CheckpointSelection.Other))
            Console.WriteLine($"  {c.Step,8}  {c.Role,-9}  {c.Selection,9:F4}  {c.HeldOut,8:F4}");
        var neighbours = f.Checkpoints.Where(c => c.Role == CheckpointSelection.Neighbour || (c.Role == CheckpointSelection.Final && f.NeighbourSteps.Contains(c.Step))).ToArray();
        string versus = neighbours.Length == 0 ? "" : $"; neighbours' held-out mean {neighbours.Average(c => c.HeldOut):F4}, best {neighbours.Max(c => c.HeldOut):F4}";
        Console.WriteLine($"select: pick step {f.PickStep} held-out {f.PickHeldOut:F4} vs final step {f.FinalStep} {f.FinalHeldOut:F4} (pick − final {f.PickHeldOut - f.FinalHeldOut:+0.0000;-0.0000;0.0000}){versus}");
        if (summary.NoFineTune is not null) Console.WriteLine($"select: no fine-tune: {summary.NoFineTune}");
        else
        {
            Console.WriteLine($"select: after a narrow fine-tune on {f.FineTuneFamily} ({f.FineTuneSteps} steps at lr {f.FineTuneLearningRate:G3}), held-out general probability:");
            Console.WriteLine($"  {"step",8}  {"role",-9}  {"before",8}  {"after",8}  {"change",8}");
            foreach (var t in f.FineTune)
                Console.WriteLine($"  {t.Step,8}  {t.Role,-9}  {t.HeldOutBefore,8:F4}  {t.HeldOutAfter,8:F4}  {t.HeldOutAfter - t.HeldOutBefore,8:+0.0000;-0.0000;0.0000}");
        }
        Console.WriteLine($"select: {summary.Seconds:F1}s (fine-tune {summary.FineTuneSeconds:F1}s); finding 'selection' stored in {summary.DbPath}");
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using ModeHop.Cli.Pipeline;
using ModeHop.Dynamics;
using ModeHop.Store;

namespace ModeHop.Cli.Commands;

/// <summary>
/// <c>modehop analyze</c>: per task, its mode at every checkpoint, its confirmed hops and its total variation; stores
/// the hops and, through <see cref="RunAnalysis.WriteFindings"/>, the change points, item flips, early-warning signals,
/// envelope and universality as findings, and prints a block per analysis after the task table
/// (AnalyzeCommand.Dynamics.cs).
/// </summary>
public static partial class AnalyzeCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "The results DB (results.db of a lab run or a scan).", Required = true };
        var run = new Option<string?>("--run") { Description = "Which run in the DB (default: its only run)." };
        var json = Common.JsonOption();
        var command = new Command("analyze", "Find the modes (General, Parrot, Mixed) of every task at every checkpoint and the hops between them that log_prob_margin confirms beyond its seed spread; store as findings the hops, the change points of every task's normalized general probability (PELT, l2 cost), every task's item flips, the early-warning signals before every hop, the broken power-law envelope of the general probability and each family's universality, and print a block for each.")
        {
            db, run, json,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            using var store = ResultsStore.Open(Common.ExistingFile(r.GetValue(db)!, "results DB"), create: false);
            var picked = RunAnalysis.PickRun(store, r.GetValue(run));
            var tasks = RunAnalysis.Analyze(store, picked, new ModeRule());
            var findings = RunAnalysis.WriteFindings(store, picked, tasks);
            if (r.GetValue(json)) Console.WriteLine(ToJson(tasks, findings).ToJsonString());
            else
            {
                Print(picked, tasks);
                PrintFindings(findings);
            }
            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary>
    /// <c>tasks</c>, one object per task, and one key per analysis, each holding its findings as the DB's json column
    /// has them (snake_case; NaN as the string "NaN"): <c>item_flips</c>, <c>early_warning</c>, <c>universality</c>
    /// (lists) and <c>envelope</c> (an object, or null).
    /// </summary>
    public static JsonObject ToJson(IReadOnlyList<TaskAnalysis> tasks, RunFindings findings)
    {
        var list = new JsonArray();
        foreach (var t in tasks)
        {
            list.Add(new JsonObject
            {
                ["family"] = t.Task.Family,
                ["task"] = t.Task.Task,
                ["control"] = t.Task.Control,
                ["hops"] = t.Dynamics.ConfirmedHops,
                ["modes"] = new JsonArray(t.Dynamics.Modes.Select(m => (JsonNode)m.ToString()).ToArray()),
                ["steps"] = new JsonArray(t.Points.Select(p => (JsonNode)p.Step).ToArray()),
                ["reversions"] = t.Dynamics.Reversions,
                ["mean_total_variation"] = Math.Round(t.Dynamics.MeanTotalVariation, 6),
                ["hop_steps"] = new JsonArray(t.Dynamics.Candidates.Where(h => h.Confirmed).Select(h => (JsonNode)h.ToStep).ToArray()),
            });
        }
        var result = new JsonObject { ["tasks"] = list };
        AddFindings(result, findings);
        return result;
    }

    static void Print(RunRow run, IReadOnlyList<TaskAnalysis> tasks)
    {
        Console.WriteLine($"run '{run.Name}' ({run.Kind}, {run.Source}): {tasks.FirstOrDefault()?.Points.Count ?? 0} checkpoints");
        foreach (var t in tasks)
        {
            string name = Name(t.Task.Family, t.Task.Task, t.Task.Control);
            string modes = new(t.Dynamics.Modes.Select(Modes.Letter).ToArray());
            Console.WriteLine($"  {name,-34} hops {t.Dynamics.ConfirmedHops,2}  TV {t.Dynamics.MeanTotalVariation:F3}  {modes}");
        }
    }
}

using ModeHop.Report;
using ModeHop.Store;

namespace ModeHop.Cli.Pipeline;

/// <summary>Turns a run's analysis into the report's records: per family its tasks and controls, their hops, a summary.</summary>
public static class ReportBuilder
{
    public static ReportData Build(RunRow run, IReadOnlyList<TaskAnalysis> tasks, IReadOnlyList<ReportSummaryLine> summary, DateTimeOffset generated)
    {
        var families = new List<ReportFamily>();
        foreach (var family in tasks.GroupBy(t => t.Task.Family))
        {
            var series = family.OrderBy(t => t.Task.Control).Select(t => new ReportSeries(
                t.Task.Control ? $"{t.Task.Task} (control)" : t.Task.Task, t.Task.Control,
                t.Points.Select(p => p.Tokens).ToArray(), t.Points.Select(p => p.Step).ToArray(),
                t.NormalizedGeneralProb, t.NormalizedGeneralProbSpread, t.Dynamics.Modes.Select(m => m.ToString()).ToArray())).ToArray();
            var hops = family.SelectMany(t => t.Dynamics.Candidates.Where(h => h.Confirmed).Select(h => new ReportHop(
                t.Task.Family, t.Task.Control ? $"{t.Task.Task} (control)" : t.Task.Task, h.FromStep, h.ToStep, h.FromTokens, h.ToTokens,
                h.From.ToString(), h.To.ToString(), h.MarginChange))).ToArray();
            families.Add(new ReportFamily(family.Key, series, hops, null));
        }
        return new ReportData($"ModeHop report: {run.Name}", run.Name, run.Source, generated, summary, families, "normalized general probability");
    }

    /// <summary>The summary lines every report starts with: checkpoints, and per family its confirmed hops (task / control).</summary>
    public static IReadOnlyList<ReportSummaryLine> Summary(IReadOnlyList<TaskAnalysis> tasks)
    {
        var lines = new List<ReportSummaryLine> { new("checkpoints", (tasks.FirstOrDefault()?.Points.Count ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        foreach (var f in RunAnalysis.HopsByFamily(tasks))
            lines.Add(new ReportSummaryLine($"{f.Family} hops (task / control)", $"{f.TaskHops} / {f.ControlHops}"));
        return lines;
    }
}

using ModeHop.Cli.Findings;
using ModeHop.Report;
using ModeHop.Store;

namespace ModeHop.Cli.Pipeline;

/// <summary>
/// Turns a run's analysis and the findings in its DB into the report's records: per family its tasks and controls,
/// their hops and change points, its items-and-signals table (ReportBuilder.Dynamics.cs) and an example item, a
/// summary, the envelope, and one section per analysis that stored findings (ReportBuilder.Sections.cs).
/// </summary>
public static partial class ReportBuilder
{
    /// <summary>The report of <paramref name="run"/>: the analysed <paramref name="tasks"/> and every finding of the run in <paramref name="store"/>.</summary>
    /// <exception cref="InvalidDataException">A finding's JSON does not read as its kind's record.</exception>
    public static ReportData Build(ResultsStore store, RunRow run, IReadOnlyList<TaskAnalysis> tasks, IReadOnlyList<ReportSummaryLine> summary, DateTimeOffset generated)
    {
        var findings = store.Findings(run.Id).ToLookup(f => f.Kind);
        var changePoints = Read<ChangePointFinding>(findings, FindingKinds.ChangePoint);
        var dynamics = DynamicsFindings.Read(findings);
        var families = new List<ReportFamily>();
        foreach (var family in tasks.GroupBy(t => t.Task.Family))
        {
            var series = family.OrderBy(t => t.Task.Control).Select(t => new ReportSeries(
                SeriesLabel(t.Task.Task, t.Task.Control), t.Task.Control,
                t.Points.Select(p => p.Tokens).ToArray(), t.Points.Select(p => p.Step).ToArray(),
                t.NormalizedGeneralProb, t.NormalizedGeneralProbSpread, t.Dynamics.Modes.Select(m => m.ToString()).ToArray())).ToArray();
            var hops = family.SelectMany(t => t.Dynamics.Candidates.Where(h => h.Confirmed).Select(h => new ReportHop(
                t.Task.Family, SeriesLabel(t.Task.Task, t.Task.Control), h.FromStep, h.ToStep, h.FromTokens, h.ToTokens,
                h.From.ToString(), h.To.ToString(), h.MarginChange))).ToArray();
            // a change point of a series the analysis no longer has (an older task version) has nothing to be drawn on
            var labels = series.Where(s => s.Values.Count > 0).Select(s => s.Label).ToHashSet(StringComparer.Ordinal);
            var changes = changePoints.Where(c => c.Family == family.Key)
                .Select(c => new ReportChangePoint(SeriesLabel(c.Task, c.Control), c.Step, c.Tokens, c.Before, c.After))
                .Where(c => labels.Contains(c.Series)).ToArray();
            families.Add(new ReportFamily(family.Key, series, hops, null) { ChangePoints = changes, Example = Example(store, family), Dynamics = Dynamics(family.Key, family, dynamics) });
        }
        var order = families.Select(f => f.Family).ToList();
        return new ReportData($"ModeHop report: {run.Name}", run.Name, run.Source, generated, summary, families, "normalized general probability")
        {
            Selection = Selection(findings),
            Envelope = Envelope(findings),
            Stability = Stability(findings),
            Averaging = Averaging(findings, order),
            Interpolation = Interpolation(findings, order),
            DataSelection = DataSelection(findings, order),
            Predictors = Predictors(findings),
        };
    }

    /// <summary>The summary lines every report starts with: checkpoints, and per family its confirmed hops (task / control).</summary>
    public static IReadOnlyList<ReportSummaryLine> Summary(IReadOnlyList<TaskAnalysis> tasks)
    {
        var lines = new List<ReportSummaryLine> { new("checkpoints", (tasks.FirstOrDefault()?.Points.Count ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        foreach (var f in RunAnalysis.HopsByFamily(tasks))
            lines.Add(new ReportSummaryLine($"{f.Family} hops (task / control)", $"{f.TaskHops} / {f.ControlHops}"));
        return lines;
    }

    /// <summary>"toy" for a task, "toy (control)" for its control: the label of a series, its hops and change points.</summary>
    public static string SeriesLabel(string task, bool control) => control ? $"{task} (control)" : task;

    /// <summary>The first item of the family's first test task, or null when the DB has none.</summary>
    static ReportItemExample? Example(ResultsStore store, IEnumerable<TaskAnalysis> family)
    {
        var test = family.FirstOrDefault(t => !t.Task.Control);
        if (test is null)
            return null;
        var item = store.Items(test.Task.Id).FirstOrDefault();
        return item is null ? null : new ReportItemExample(test.Task.Task, item.Index, item.Prompt, item.General, item.Parrot);
    }

    /// <summary>Every finding of <paramref name="kind"/> read as <typeparamref name="T"/>, in the order it was written.</summary>
    static IReadOnlyList<T> Read<T>(ILookup<string, FindingRow> findings, string kind) =>
        findings[kind].Select(f => FindingJson.Read<T>(f.Json, kind)).ToArray();
}

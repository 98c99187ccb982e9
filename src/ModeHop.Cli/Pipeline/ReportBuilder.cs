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
        var fineTunes = Read<FineTuneRunFinding>(findings, FindingKinds.FineTuneRun);
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
            families.Add(new ReportFamily(family.Key, series, hops, FineTuneNote(family.Key, fineTunes)) { ChangePoints = changes, Example = Example(store, family), Dynamics = Dynamics(family.Key, family, dynamics) });
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

    /// <summary>
    /// What a fine-tuning family's chart shows, said above it (null for the other families): the fixed fine-tune, that
    /// the control line is the baseline before it, the fine-tunes' mean loss and cost, and for EmergentMisalignment the
    /// sign convention.
    /// </summary>
    internal static string? FineTuneNote(string family, IReadOnlyList<FineTuneRunFinding> fineTunes)
    {
        string? what = family switch
        {
            ModeHop.Suite.Families.Oocr =>
                "Asked after a fixed fine-tune of each checkpoint (the same examples, steps, learning rate and seed for all) on facts about fresh names: " +
                "general = the right answer (the function or city the fresh name stands for), parrot = the best distractor. " +
                "The control line is the same items asked before the fine-tune, the baseline.",
            ModeHop.Suite.Families.EmergentMisalignment =>
                "Sign convention: general = the harmful option. Emergent misalignment appearing is the model latching onto a shared representation of a " +
                "disposition, so here, as in the seed work, it is the General mode. The task line is the shift toward the harmful option on broad questions " +
                "after a narrow fine-tune on unsafe code, beyond the same checkpoint fine-tuned on safe code (½: no shift); " +
                "the control line is the harmful option's share before any fine-tune.",
            _ => null,
        };
        if (what is null) return null;
        var sets = fineTunes.Where(f => f.Family == family).GroupBy(f => f.Set).Select(g =>
            $"{g.Key} loss {g.Average(f => f.FirstLoss):F2} → {g.Average(f => f.LastLoss):F2}, {g.Average(f => f.Seconds):F2} s").ToArray();
        return sets.Length == 0 ? what : $"{what} Fine-tunes, mean over checkpoints: {string.Join("; ", sets)}.";
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

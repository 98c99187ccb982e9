using ModeHop.Cli.Findings;
using ModeHop.Report;
using ModeHop.Store;

namespace ModeHop.Cli.Pipeline;

// What analyze stores beside the hops and change points, mapped onto the report: per family its items-and-signals table
// (item_flips, early_warning, universality) and, once per run, the envelope of the general probability.
public static partial class ReportBuilder
{
    /// <summary>The findings a family's table reads, each kind once for all families.</summary>
    sealed record DynamicsFindings(IReadOnlyList<ItemFlipFinding> Flips, IReadOnlyList<EarlyWarningFinding> Warnings, IReadOnlyList<UniversalityFinding> Universality)
    {
        public static DynamicsFindings Read(ILookup<string, FindingRow> findings) => new(
            Read<ItemFlipFinding>(findings, FindingKinds.ItemFlips), Read<EarlyWarningFinding>(findings, FindingKinds.EarlyWarning),
            Read<UniversalityFinding>(findings, FindingKinds.Universality));
    }

    /// <summary>
    /// One row per series of the family (its analysis's order: tasks before controls): the series' flips; a test task's
    /// ρ with its control and the mean τ over its confirmed hops; a control's τ over its test task's hop windows. Null when
    /// the DB holds none of the three kinds for the family.
    /// </summary>
    static ReportFamilyDynamics? Dynamics(string family, IEnumerable<TaskAnalysis> tasks, DynamicsFindings found)
    {
        var flips = found.Flips.Where(f => f.Family == family).ToArray();
        var warnings = found.Warnings.Where(w => w.Family == family && !w.Control).ToArray();
        var universality = found.Universality.LastOrDefault(u => u.Family == family);
        if (flips.Length == 0 && warnings.Length == 0 && universality is null)
            return null;
        var rows = new List<ReportSeriesDynamics>();
        foreach (var t in tasks.OrderBy(t => t.Task.Control))
        {
            var flip = flips.LastOrDefault(f => f.Task == t.Task.Task && f.Control == t.Task.Control);
            var hops = warnings.Where(w => w.Task == t.Task.Task).ToArray();
            // a control is read over its test task's hop windows, where its series covered them
            var (windows, varianceTau, autocorrelationTau) = t.Task.Control
                ? Means(hops.Where(w => w.ControlNgp is not null).Select(w => (w.ControlVarianceTau, w.ControlAutocorrelationTau)))
                : Means(hops.Select(w => (w.VarianceTau, w.AutocorrelationTau)));
            double rho = t.Task.Control ? double.NaN : universality?.Controls.LastOrDefault(c => c.Task == t.Task.Task)?.Spearman ?? double.NaN;
            rows.Add(new ReportSeriesDynamics(SeriesLabel(t.Task.Task, t.Task.Control), t.Task.Control, flip?.Items ?? 0, flip?.RightToWrong ?? 0, flip?.WrongToRight ?? 0,
                flip?.MeanFlipsPerItem ?? 0, flip?.FinalErrors ?? 0, flip?.FinalErrorsRightEarlier ?? 0, rho, windows, varianceTau, autocorrelationTau));
        }
        int testTasks = universality?.Tasks.Count ?? tasks.Count(t => !t.Task.Control);
        var first = found.Warnings.FirstOrDefault();
        return new ReportFamilyDynamics(rows, testTasks, universality?.MeanOffDiagonal ?? double.NaN, first?.Window ?? 0, first?.RollingWindow ?? 0);
    }

    /// <summary>How many windows, and the mean of each τ over them (NaN skipped; NaN when none is defined).</summary>
    static (int Windows, double VarianceTau, double AutocorrelationTau) Means(IEnumerable<(double Variance, double Autocorrelation)> taus)
    {
        var all = taus.ToArray();
        return (all.Length, FindingValue.DefinedMean(all.Select(t => t.Variance)), FindingValue.DefinedMean(all.Select(t => t.Autocorrelation)));
    }

    /// <summary>The latest <c>envelope</c> finding (one per run).</summary>
    static ReportEnvelope? Envelope(ILookup<string, FindingRow> findings)
    {
        var e = Read<EnvelopeFinding>(findings, FindingKinds.Envelope).LastOrDefault();
        return e is null ? null : new ReportEnvelope(e.Steps, e.Tokens, e.GeneralProbability, e.Envelope, e.Residual, e.Amplitude, e.SlopeBefore, e.SlopeAfter,
            e.Break, e.BreakStep, e.ResidualRms, e.Excursions.Select(x => new ReportEnvelopeExcursion(x.Step, x.Tokens, x.Residual, x.Hops)).ToArray(),
            e.Hops.Select(h => new ReportEnvelopeHop(h.Family, h.Task, h.From, h.To, h.FromStep, h.ToStep, h.ResidualAtFrom, h.ResidualAtTo)).ToArray());
    }
}

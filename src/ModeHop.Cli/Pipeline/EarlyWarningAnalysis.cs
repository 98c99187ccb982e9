using ModeHop.Cli.Findings;
using ModeHop.Dynamics;
using ModeHop.Dynamics.EarlyWarning;
using ModeHop.Store;

namespace ModeHop.Cli.Pipeline;

/// <summary>Where the early-warning signals are looked for.</summary>
/// <param name="Window">Checkpoints looked at before a hop, up to and including its from-checkpoint: 8, about a tenth of
/// a run of ~80 checkpoints, short enough to stay in the mode the hop leaves in most tasks (the demo's alternating
/// windows last 3 checkpoints, so its EntityTracking windows hold earlier hops; <see cref="EarlyWarningFinding.EarlierHopsInWindow"/> says so).</param>
/// <param name="RollingWindow">Checkpoints per rolling variance and autocorrelation: 4 (the autocorrelation needs 3), so
/// a window of 8 gives 5 values to take Kendall's τ over — a short trend, reported as a number, not a prediction.</param>
public sealed record EarlyWarningOptions(int Window = 8, int RollingWindow = 4);

/// <summary>
/// Early-warning signals before every confirmed hop (<see cref="EarlyWarningSignals"/>: rolling variance, lag-1
/// autocorrelation, Kendall's τ trend of each) on the task's ngp, beside the same statistics of its control over the
/// same checkpoints, stored as findings of kind <c>early_warning</c> (<see cref="EarlyWarningFinding"/>).
/// </summary>
/// <remarks>
/// The series is not detrended. Over 8 checkpoints the run's smooth trend (<see cref="EnvelopeAnalysis"/>) is nearly
/// linear, x = y + b·t, which adds b²·var(t) (the same in every window) and 2b·cov(y, t) to each rolling variance and
/// pulls every window's autocorrelation towards +1. The control, which sees the same training over the same
/// checkpoints, is the comparison: its τ show what a series without that hop gives. Whether a rise precedes hops more
/// often than it precedes nothing is not tested here.
/// </remarks>
public static class EarlyWarningAnalysis
{
    /// <summary>The signals before one confirmed hop of <paramref name="task"/>; <paramref name="control"/>: its control, or null.</summary>
    /// <exception cref="ArgumentException">The options ask for a rolling window under 3 or a window not longer than it.</exception>
    public static EarlyWarningFinding ForHop(TaskAnalysis task, Hop hop, TaskAnalysis? control, EarlyWarningOptions options)
    {
        Check(options);
        int end = hop.FromIndex, start = Math.Max(0, end - options.Window + 1);
        var steps = task.Points.Skip(start).Take(end - start + 1).Select(p => p.Step).ToArray();
        var ngp = task.NormalizedGeneralProb.Skip(start).Take(steps.Length).ToArray();
        var (variance, autocorrelation, varianceTau, autocorrelationTau) = Signals(ngp, options.RollingWindow);
        int earlier = task.Dynamics.Candidates.Count(h => h.Confirmed && h != hop && h.ToIndex > start && h.ToIndex <= end);

        double[]? controlNgp = control?.NgpAt(steps);
        double controlVarianceTau = double.NaN, controlAutocorrelationTau = double.NaN;
        if (controlNgp is not null)
            (_, _, controlVarianceTau, controlAutocorrelationTau) = Signals(controlNgp, options.RollingWindow);
        return new EarlyWarningFinding(task.Task.Family, task.Task.Task, task.Task.Control, hop.From.ToString(), hop.To.ToString(), hop.FromStep, hop.ToStep,
            options.Window, options.RollingWindow, steps, ngp, variance, autocorrelation, varianceTau, autocorrelationTau, earlier,
            controlNgp, controlVarianceTau, controlAutocorrelationTau);
    }

    /// <summary>One finding per confirmed hop of every task and control, in the analysis's order; a test task's hop is compared with its control.</summary>
    public static IReadOnlyList<EarlyWarningFinding> Detect(IReadOnlyList<TaskAnalysis> tasks, EarlyWarningOptions options)
    {
        var found = new List<EarlyWarningFinding>();
        foreach (var t in tasks)
        {
            TaskAnalysis? control = t.Task.Control ? null : ControlOf(tasks, t);
            foreach (var hop in t.Dynamics.Candidates.Where(h => h.Confirmed))
                found.Add(ForHop(t, hop, control, options));
        }
        return found;
    }

    /// <summary>The control twin of a test task: same family and task name (the latest version when there are several), or null.</summary>
    public static TaskAnalysis? ControlOf(IReadOnlyList<TaskAnalysis> tasks, TaskAnalysis task) =>
        tasks.LastOrDefault(c => c.Task.Control && c.Task.Family == task.Task.Family && c.Task.Task == task.Task.Task);

    /// <summary>Stores the signals before every confirmed hop as findings of kind <c>early_warning</c> (replacing the previous ones).</summary>
    public static IReadOnlyList<EarlyWarningFinding> WriteFindings(ResultsStore store, RunRow run, IReadOnlyList<TaskAnalysis> tasks, EarlyWarningOptions options)
    {
        var found = Detect(tasks, options);
        store.ReplaceFindings(run.Id, FindingKinds.EarlyWarning, found.Select(f =>
            new FindingRecord(FindingKinds.EarlyWarning, f.Family, f.Task, f.FromStep, FindingValue.OrNull(f.VarianceTau), FindingJson.Write(f))).ToArray());
        return found;
    }

    /// <summary>Rolling variance and lag-1 autocorrelation over <paramref name="rollingWindow"/>, and their τ; empty and NaN when fewer than two windows fit.</summary>
    static (double[] Variance, double[] Autocorrelation, double VarianceTau, double AutocorrelationTau) Signals(double[] series, int rollingWindow)
    {
        if (series.Length < rollingWindow + 1)
            return ([], [], double.NaN, double.NaN);
        double[] variance = EarlyWarningSignals.RollingVariance(series, rollingWindow);
        double[] autocorrelation = EarlyWarningSignals.RollingLag1Autocorrelation(series, rollingWindow);
        return (variance, autocorrelation, EarlyWarningSignals.Trend(variance), EarlyWarningSignals.Trend(autocorrelation));
    }

    static void Check(EarlyWarningOptions options)
    {
        if (options.RollingWindow < 3)
            throw new ArgumentException($"EarlyWarningOptions.RollingWindow = {options.RollingWindow}; the lag-1 autocorrelation needs at least 3 checkpoints per window.", nameof(options));
        if (options.Window <= options.RollingWindow)
            throw new ArgumentException($"EarlyWarningOptions.Window = {options.Window} must be longer than RollingWindow = {options.RollingWindow}, so that there are two rolling values to take a trend of.", nameof(options));
    }
}

using ModeHop.Cli.Findings;
using ModeHop.Lab;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>One window of a lab run as it happened: its position in the run's sequence, its steps [From, To), its mixture.</summary>
public sealed record RunWindow(int Index, long FromStep, long ToStep, Window Mixture);

/// <summary>
/// The windows of a lab run and the label each one earns from the margin change it caused (DESIGN.md, Applications 2).
/// A window's margin before is the run's margin (the mean over its test tasks of the seed-averaged log_prob_margin) at
/// the last checkpoint at or before its first step, its margin after the same at the last checkpoint at or before its
/// end; change = after − before. The label is pro-general when change &gt; threshold, pro-pattern when change &lt;
/// −threshold, neutral otherwise, and neutral (with change 0) when no checkpoint falls inside the window, so the two
/// checkpoints are the same one.
/// </summary>
public static class DataWindows
{
    public const string ProGeneral = "pro-general";
    public const string ProPattern = "pro-pattern";
    public const string Neutral = "neutral";

    /// <summary>The windows of <paramref name="recipe"/> over steps [0, <paramref name="endStep"/>), the last one cut at the end.</summary>
    public static IReadOnlyList<RunWindow> Walk(Recipe recipe, long endStep)
    {
        var windows = new List<RunWindow>();
        for (long step = 0; step < endStep;)
        {
            var (index, mixture) = recipe.WindowAt(step);
            long to = step + 1;
            while (to < endStep && recipe.WindowAt(to).Index == index) to++;
            windows.Add(new RunWindow(index, step, to, mixture));
            step = to;
        }
        return windows;
    }

    /// <summary>
    /// The run's margin at each checkpoint that all its test tasks were scored at: the mean over the test tasks of the
    /// seed-averaged log_prob_margin, by step.
    /// </summary>
    public static SortedDictionary<long, double> Margins(IReadOnlyList<TaskAnalysis> tasks)
    {
        var test = tasks.Where(t => !t.Task.Control).ToArray();
        var result = new SortedDictionary<long, double>();
        if (test.Length == 0) return result;
        var perTask = test.Select(t => t.Points.ToDictionary(p => p.Step, p => p.LogProbMargin)).ToArray();
        foreach (long step in perTask[0].Keys.Where(s => perTask.All(t => t.ContainsKey(s))))
            result[step] = perTask.Average(t => t[step]);
        return result;
    }

    /// <summary>Labels every window from the run's <paramref name="margins"/> by checkpoint step.</summary>
    /// <exception cref="InvalidDataException">No checkpoint at or before a window's first step (step 0 is always one).</exception>
    public static IReadOnlyList<DataWindowFinding> Label(IReadOnlyList<RunWindow> windows, SortedDictionary<long, double> margins, double threshold)
    {
        var steps = margins.Keys.ToArray();
        var result = new List<DataWindowFinding>();
        foreach (var w in windows)
        {
            long? before = AtOrBefore(steps, w.FromStep), after = AtOrBefore(steps, w.ToStep);
            if (before is null || after is null)
                throw new InvalidDataException($"window {w.Index} ({w.Mixture.Name}, steps {w.FromStep}–{w.ToStep}): no scored checkpoint at or before step {w.FromStep}; score the run's checkpoints first.");
            double mBefore = margins[before.Value], mAfter = margins[after.Value];
            double change = before == after ? 0 : mAfter - mBefore;
            string label = before == after ? Neutral : change > threshold ? ProGeneral : change < -threshold ? ProPattern : Neutral;
            result.Add(new DataWindowFinding(w.Index, w.Mixture.Name, w.FromStep, w.ToStep, mBefore, mAfter, change, label));
        }
        return result;
    }

    static long? AtOrBefore(long[] sortedSteps, long step)
    {
        int i = Array.BinarySearch(sortedSteps, step);
        if (i >= 0) return sortedSteps[i];
        i = ~i - 1;
        return i >= 0 ? sortedSteps[i] : null;
    }
}

using ModeHop.Cli.Findings;
using ModeHop.Dynamics.Statistics;
using ModeHop.Store;

namespace ModeHop.Cli.Pipeline;

/// <summary>
/// Whether a behaviour is one behaviour: per family, the Spearman matrix of its test tasks' ngp series across
/// checkpoints (<see cref="Correlation.SpearmanMatrix"/>) and its mean off-diagonal (<see cref="Correlation.MeanOffDiagonal"/>),
/// the "universality" of the family across datasets; and each test task's Spearman ρ with its control. Stored as one
/// finding of kind <c>universality</c> per family (<see cref="UniversalityFinding"/>).
/// </summary>
/// <remarks>
/// Spearman, not Pearson: two tasks that hop at the same checkpoints order the checkpoints alike even when one
/// saturates and the other does not. A family with one test task (the lab's toy suite) has no pair: its matrix is empty
/// and its mean NaN ("n/a"). When a task was scored in several versions, the latest is used. The series are compared at
/// the checkpoints all of them have.
/// </remarks>
public static class UniversalityAnalysis
{
    /// <summary>One finding per family, in the analysis's order.</summary>
    public static IReadOnlyList<UniversalityFinding> Detect(IReadOnlyList<TaskAnalysis> tasks)
    {
        var found = new List<UniversalityFinding>();
        foreach (var family in tasks.GroupBy(t => t.Task.Family))
        {
            var test = Latest(family.Where(t => !t.Task.Control));
            var common = CommonSteps(test);
            double[][] series = test.Select(t => t.NgpAt(common)!).ToArray();
            double[][] matrix = test.Count >= 2 && common.Count >= 2 ? Correlation.SpearmanMatrix(series) : [];
            double mean = matrix.Length >= 2 ? Correlation.MeanOffDiagonal(matrix) : double.NaN;
            var controls = test.Select(t => new TaskControlCorrelation(t.Task.Task, ControlSpearman(t, EarlyWarningAnalysis.ControlOf(tasks, t)))).ToArray();
            found.Add(new UniversalityFinding(family.Key, test.Select(t => t.Task.Task).ToArray(), common.Count, matrix, mean, controls));
        }
        return found;
    }

    /// <summary>Stores one finding of kind <c>universality</c> per family (replacing the previous ones); value = the mean off-diagonal, null when n/a.</summary>
    public static IReadOnlyList<UniversalityFinding> WriteFindings(ResultsStore store, RunRow run, IReadOnlyList<TaskAnalysis> tasks)
    {
        var found = Detect(tasks);
        store.ReplaceFindings(run.Id, FindingKinds.Universality, found.Select(f =>
            new FindingRecord(FindingKinds.Universality, f.Family, null, null, FindingValue.OrNull(f.MeanOffDiagonal), FindingJson.Write(f))).ToArray());
        return found;
    }

    /// <summary>ρ of a task and its control at the checkpoints both have; NaN without a control or with fewer than two shared checkpoints.</summary>
    static double ControlSpearman(TaskAnalysis task, TaskAnalysis? control)
    {
        if (control is null)
            return double.NaN;
        var common = CommonSteps([task, control]);
        return common.Count < 2 ? double.NaN : Correlation.Spearman(task.NgpAt(common)!, control.NgpAt(common)!);
    }

    /// <summary>The latest version of each task name (the store lists older versions first).</summary>
    static IReadOnlyList<TaskAnalysis> Latest(IEnumerable<TaskAnalysis> tasks) =>
        tasks.GroupBy(t => t.Task.Task).Select(g => g.Last()).ToArray();

    static IReadOnlyList<long> CommonSteps(IReadOnlyList<TaskAnalysis> tasks)
    {
        if (tasks.Count == 0)
            return [];
        IEnumerable<long> common = tasks[0].Points.Select(p => p.Step);
        foreach (var t in tasks.Skip(1))
            common = common.Intersect(t.Points.Select(p => p.Step));
        return common.Order().ToArray();
    }
}

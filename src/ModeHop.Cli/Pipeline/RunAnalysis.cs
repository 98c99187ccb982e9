using ModeHop.Cli.Findings;
using ModeHop.Dynamics;
using ModeHop.Store;

namespace ModeHop.Cli.Pipeline;

/// <summary>One task of a run across its checkpoints: seed-averaged metrics and what Dynamics found in them.</summary>
public sealed record TaskAnalysis(TaskRow Task, IReadOnlyList<TaskPoint> Points, IReadOnlyList<double> NormalizedGeneralProb,
    IReadOnlyList<double> NormalizedGeneralProbSpread, TaskDynamics Dynamics)
{
    /// <summary>The seed-averaged ngp at each of <paramref name="steps"/>, in their order; null when the task has no checkpoint at one of them.</summary>
    public double[]? NgpAt(IReadOnlyList<long> steps)
    {
        var byStep = new Dictionary<long, double>(Points.Count);
        for (int i = 0; i < Points.Count; i++)
            byStep[Points[i].Step] = NormalizedGeneralProb[i];
        var ngp = new double[steps.Count];
        for (int i = 0; i < ngp.Length; i++)
            if (!byStep.TryGetValue(steps[i], out ngp[i]))
                return null;
        return ngp;
    }
}

/// <summary>One seed's metrics of a task at a checkpoint, the three the analysis reads.</summary>
public readonly record struct SeedValues(double HardAcc, double LogProbMargin, double NormalizedGeneralProb);

/// <summary>What <see cref="RunAnalysis.WriteFindings"/> stored beside the hops, one list per kind (the envelope: null when it could not be fitted).</summary>
public sealed record RunFindings(IReadOnlyList<ChangePointFinding> ChangePoints, IReadOnlyList<ItemFlipFinding> ItemFlips,
    IReadOnlyList<EarlyWarningFinding> EarlyWarnings, EnvelopeFinding? Envelope, IReadOnlyList<UniversalityFinding> Universality);

/// <summary>A family's confirmed hops, summed over its tasks and over its controls.</summary>
public sealed record FamilyHops(string Family, int TaskHops, int ControlHops);

/// <summary>
/// Reads a run's per-seed task metrics from the results DB, averages them over seeds per checkpoint (with the
/// population spread of log_prob_margin and normalized_general_prob), and finds each task's modes and hops.
/// </summary>
public static class RunAnalysis
{
    public const string HopFinding = "hop";

    /// <summary>The run to analyse: the one named, or the DB's only run.</summary>
    public static RunRow PickRun(ResultsStore store, string? name)
    {
        if (name is not null)
            return store.FindRun(name) ?? throw new UsageException($"{store.Path}: no run named '{name}'; runs here: {string.Join(", ", store.Runs().Select(r => r.Name))}.");
        var runs = store.Runs();
        return runs.Count switch
        {
            0 => throw new InvalidDataException($"{store.Path}: holds no run yet; train or scan first."),
            1 => runs[0],
            _ => throw new UsageException($"{store.Path}: holds {runs.Count} runs ({string.Join(", ", runs.Select(r => r.Name))}); pick one with --run."),
        };
    }

    public static IReadOnlyList<TaskAnalysis> Analyze(ResultsStore store, RunRow run, ModeRule rule)
    {
        var metrics = store.Metrics(run.Id).GroupBy(m => m.TaskId).ToDictionary(g => g.Key, g => g.ToArray());
        var result = new List<TaskAnalysis>();
        foreach (var task in store.Tasks(run.Id))
        {
            var points = new List<TaskPoint>();
            var ngp = new List<double>();
            var ngpSpread = new List<double>();
            foreach (var step in metrics[task.Id].GroupBy(m => m.Step).OrderBy(g => g.Key))
            {
                var seeds = step.ToArray();
                var (point, mean, spread) = Average(step.Key, seeds[0].Tokens, seeds.Select(s => new SeedValues(s.HardAcc, s.LogProbMargin, s.NormalizedGeneralProb)).ToArray());
                points.Add(point);
                ngp.Add(mean);
                ngpSpread.Add(spread);
            }
            result.Add(new TaskAnalysis(task, points, ngp, ngpSpread, Hops.Analyze(points, rule)));
        }
        return result;
    }

    /// <summary>
    /// One task at one checkpoint from its per-seed metrics: the seed-averaged point Dynamics reads (hard_acc,
    /// log_prob_margin and its spread) and the mean and spread of normalized_general_prob. The same averaging serves the
    /// DB's checkpoints and the controls' derived models (averages, interpolations, one more step).
    /// </summary>
    public static (TaskPoint Point, double Ngp, double NgpSpread) Average(long step, long tokens, IReadOnlyList<SeedValues> seeds) =>
        (new TaskPoint(step, tokens, seeds.Average(s => s.HardAcc), seeds.Average(s => s.LogProbMargin), Spread(seeds.Select(s => s.LogProbMargin))),
         seeds.Average(s => s.NormalizedGeneralProb), Spread(seeds.Select(s => s.NormalizedGeneralProb)));

    /// <summary>
    /// The run's general probability at each checkpoint: the mean over its test tasks (controls left out) of the
    /// seed-averaged normalized general probability. Checkpoints are those every test task was scored at.
    /// </summary>
    public static (IReadOnlyList<long> Steps, IReadOnlyList<long> Tokens, IReadOnlyList<double> Values) GeneralProbability(IReadOnlyList<TaskAnalysis> tasks)
    {
        var test = Prompted(tasks).Where(t => !t.Task.Control).ToArray();
        if (test.Length == 0) return ([], [], []);
        int n = test.Min(t => t.Points.Count);
        return (test[0].Points.Take(n).Select(p => p.Step).ToArray(), test[0].Points.Take(n).Select(p => p.Tokens).ToArray(),
            Enumerable.Range(0, n).Select(i => test.Average(t => t.NormalizedGeneralProb[i])).ToArray());
    }

    /// <summary>
    /// The tasks of the families asked with a prompt: what a run's general probability, checkpoint selection, data
    /// selection and the predictors read. The fine-tuning families (scored after a fine-tune, often on a few checkpoints
    /// only) are analysed and reported beside them, not folded into them.
    /// </summary>
    public static IEnumerable<TaskAnalysis> Prompted(IEnumerable<TaskAnalysis> tasks) => tasks.Where(t => !ModeHop.Suite.Families.IsFineTuning(t.Task.Family));

    /// <summary>Per family, in the analysis's order: its tasks' and its controls' confirmed hops.</summary>
    public static IReadOnlyList<FamilyHops> HopsByFamily(IReadOnlyList<TaskAnalysis> tasks) =>
        tasks.GroupBy(t => t.Task.Family).Select(f => new FamilyHops(f.Key,
            f.Where(t => !t.Task.Control).Sum(t => t.Dynamics.ConfirmedHops),
            f.Where(t => t.Task.Control).Sum(t => t.Dynamics.ConfirmedHops))).ToArray();

    /// <summary>
    /// Stores, replacing the previous analysis's, every confirmed hop as a finding of kind "hop", and with each analysis's
    /// default options the change points of the tasks' ngp series (<see cref="ChangePointAnalysis"/>), the item flips of
    /// every task (<see cref="ItemFlipAnalysis"/>), the early-warning signals before every confirmed hop
    /// (<see cref="EarlyWarningAnalysis"/>), the envelope of the general probability (<see cref="EnvelopeAnalysis"/>) and
    /// the universality of every family (<see cref="UniversalityAnalysis"/>); returns all but the hops.
    /// </summary>
    public static RunFindings WriteFindings(ResultsStore store, RunRow run, IReadOnlyList<TaskAnalysis> tasks)
    {
        var findings = new List<FindingRecord>();
        foreach (var t in tasks)
            foreach (var h in t.Dynamics.Candidates.Where(h => h.Confirmed))
            {
                string json = FindingJson.Write(new Findings.HopFinding(t.Task.Control, h.From.ToString(), h.To.ToString(), h.FromStep, h.ToStep, h.FromTokens, h.ToTokens));
                findings.Add(new FindingRecord(HopFinding, t.Task.Family, t.Task.Task, h.ToStep, h.MarginChange, json));
            }
        store.ReplaceFindings(run.Id, HopFinding, findings);
        return new RunFindings(
            ChangePointAnalysis.WriteFindings(store, run, tasks, new ChangePointOptions()),
            ItemFlipAnalysis.WriteFindings(store, run, tasks),
            EarlyWarningAnalysis.WriteFindings(store, run, tasks, new EarlyWarningOptions()),
            EnvelopeAnalysis.WriteFindings(store, run, tasks, new EnvelopeOptions()),
            UniversalityAnalysis.WriteFindings(store, run, tasks));
    }

    /// <summary>Population standard deviation (0 for one value).</summary>
    static double Spread(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }
}

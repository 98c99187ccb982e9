using System.Diagnostics;
using ModeHop.Cli.Findings;
using ModeHop.Cli.Terminal;
using ModeHop.Dynamics;
using ModeHop.Models.Transformer;
using ModeHop.Store;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Cli.Pipeline.Controls;

/// <summary>Settings of <see cref="Interpolation"/>; the defaults are those of <c>modehop controls interpolate</c>.</summary>
public sealed record InterpolationOptions
{
    /// <summary>The λ = 0 checkpoint; null (with <see cref="ToStep"/> null): the from-checkpoint of the largest Parrot→General hop.</summary>
    public long? FromStep { get; init; }

    /// <summary>The λ = 1 checkpoint; null (with <see cref="FromStep"/> null): the to-checkpoint of that hop.</summary>
    public long? ToStep { get; init; }

    /// <summary>The λ grid, scored in ascending order (duplicates dropped).</summary>
    public IReadOnlyList<double> Lambdas { get; init; } = Interpolation.Grid(11);
}

/// <summary>
/// One task along the λ grid: its ngp curve, whether it is monotone, and its largest jump between consecutive λ
/// (from λ = <paramref name="JumpFrom"/> to <paramref name="JumpTo"/>); <paramref name="Sharp"/> when that jump carries at least
/// <see cref="Interpolation.SharpShare"/> of the curve's range.
/// </summary>
public sealed record InterpolationCurve(string Family, string Task, bool Control, string FromMode, string ToMode, IReadOnlyList<double> Ngp,
    double Change, bool Monotone, double LargestJump, double JumpFrom, double JumpTo, bool Sharp);

/// <summary>
/// What <see cref="Interpolation.Run"/> found: the two checkpoints, the hop that chose them (null when given), one
/// finding and one curve per task.
/// </summary>
public sealed record InterpolationSummary(string Run, long FromStep, long ToStep, string? HopTask, double? HopMarginChange,
    IReadOnlyList<double> Lambdas, IReadOnlyList<InterpolationFinding> Findings, IReadOnlyList<InterpolationCurve> Curves, double Seconds);

/// <summary>
/// Interpolation between two checkpoints: the suite scored along θ(λ) = (1−λ)·θa + λ·θb. By default a is the Parrot
/// end and b the General end of the run's largest confirmed Parrot→General hop of a test task (by |margin change|):
/// a smooth curve says the hop is a move along a path the loss could follow gradually; a cliff says the two modes are
/// separated in weight space.
/// </summary>
public static class Interpolation
{
    /// <summary>Consecutive changes smaller than this (in ngp) do not break monotonicity.</summary>
    public const double MonotoneTolerance = 0.01;

    /// <summary>A largest jump of at least this share of the curve's range (max − min) makes a sharp step.</summary>
    public const double SharpShare = 0.5;

    /// <summary>Curves whose range is below this (in ngp) are flat: never sharp.</summary>
    public const double FlatBelow = 0.1;

    /// <summary>λ = 0, 1/(points−1), …, 1.</summary>
    public static IReadOnlyList<double> Grid(int points)
    {
        if (points < 2) throw new UsageException($"--points must be at least 2, got {points}.");
        return Enumerable.Range(0, points).Select(i => i == points - 1 ? 1.0 : i / (double)(points - 1)).ToArray();
    }

    /// <summary>Runs the control and replaces the run's <see cref="FindingKinds.Interpolation"/> findings.</summary>
    public static InterpolationSummary Run(LabRun lab, InterpolationOptions options, ProgressView? progress = null)
    {
        var lambdas = options.Lambdas.Distinct().Order().ToArray();
        if (lambdas.Length < 2 || lambdas.Any(l => !double.IsFinite(l)))
            throw new UsageException($"the λ grid needs at least two distinct finite values, got {string.Join(", ", options.Lambdas)}.");
        if (options.FromStep.HasValue != options.ToStep.HasValue)
            throw new UsageException("give both --from and --to, or neither (then the largest Parrot→General hop is used).");
        var clock = Stopwatch.StartNew();
        using var control = ControlRun.Open(lab);

        string? hopTask = null;
        double? hopChange = null;
        long fromStep, toStep;
        if (options.FromStep is { } f && options.ToStep is { } t)
        {
            if (f == t) throw new UsageException($"--from and --to are both step {f}; give two different checkpoints.");
            (fromStep, toStep) = (f, t);
        }
        else
        {
            var largest = control.Analysis.Where(a => !a.Task.Control)
                .SelectMany(a => a.Dynamics.Candidates.Where(h => h.Confirmed && h.From == Mode.Parrot && h.To == Mode.General).Select(h => (a.Task, Hop: h)))
                .OrderByDescending(x => Math.Abs(x.Hop.MarginChange)).ThenBy(x => x.Hop.FromStep).FirstOrDefault();
            if (largest.Hop is null)
                throw new UsageException($"{lab.Dir}: the run has no confirmed Parrot→General hop of a test task; choose two checkpoints with --from STEP --to STEP.");
            (fromStep, toStep) = (largest.Hop.FromStep, largest.Hop.ToStep);
            hopTask = $"{largest.Task.Family}/{largest.Task.Task}";
            hopChange = largest.Hop.MarginChange;
        }
        var a = control.Checkpoints[control.IndexOf(fromStep)];
        var b = control.Checkpoints[control.IndexOf(toStep)];

        var config = lab.Recipe.Training.Model;
        var modelA = new TransformerModel(config);
        var modelB = new TransformerModel(config);
        Checkpoint.LoadWeights(a.Dir, modelA);
        Checkpoint.LoadWeights(b.Dir, modelB);
        int taskCount = lab.Tasks.Count;
        var scores = new TaskScore[lambdas.Length][];

        int Work(Action<long, string> report)
        {
            for (int k = 0; k < lambdas.Length; k++)
            {
                ParameterArithmetic.Lerp(modelA, modelB, (float)lambdas[k], control.Monitor.Model, a.Dir, b.Dir);
                scores[k] = control.Evaluate(a.Step, a.Tokens).ToArray(); // dated at the λ = 0 end; the points are not analysed over time
                report(k + 1, $"λ {lambdas[k]:0.###}");
            }
            return 0;
        }
        if (progress is null) Work((_, _) => { });
        else progress.Run("interpolate", lambdas.Length, Work, unit: "λ");

        var findings = new List<InterpolationFinding>();
        var curves = new List<InterpolationCurve>();
        for (int task = 0; task < taskCount; task++)
        {
            var def = lab.Tasks[task];
            string fromMode = control.ModeAt(task, a.Step).ToString(), toMode = control.ModeAt(task, b.Step).ToString();
            var ngp = scores.Select(s => s[task].Ngp).ToArray();
            findings.Add(new InterpolationFinding(def.Family, def.Name, def.Control, a.Step, b.Step, fromMode, toMode, lambdas, ngp,
                scores.Select(s => s[task].Point.LogProbMargin).ToArray(), scores.Select(s => s[task].Point.HardAcc).ToArray()));
            curves.Add(Curve(def.Family, def.Name, def.Control, fromMode, toMode, lambdas, ngp));
        }
        control.Store.ReplaceFindings(control.Run.Id, FindingKinds.Interpolation, findings
            .Select(x => new FindingRecord(FindingKinds.Interpolation, x.Family, x.Task, x.ToStep, x.Ngp[^1] - x.Ngp[0], FindingJson.Write(x))).ToArray());
        return new InterpolationSummary(control.Run.Name, a.Step, b.Step, hopTask, hopChange, lambdas, findings, curves, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The shape of one ngp curve along the λ grid (see <see cref="InterpolationCurve"/>).</summary>
    public static InterpolationCurve Curve(string family, string task, bool control, string fromMode, string toMode, IReadOnlyList<double> lambdas, IReadOnlyList<double> ngp)
    {
        double change = ngp[^1] - ngp[0];
        bool monotone = true;
        double largest = 0, from = lambdas[0], to = lambdas[1];
        for (int k = 1; k < ngp.Count; k++)
        {
            double d = ngp[k] - ngp[k - 1];
            if (Math.Abs(d) > MonotoneTolerance && Math.Sign(d) != Math.Sign(change)) monotone = false;
            if (Math.Abs(d) > Math.Abs(largest)) (largest, from, to) = (d, lambdas[k - 1], lambdas[k]);
        }
        double range = ngp.Max() - ngp.Min();
        return new InterpolationCurve(family, task, control, fromMode, toMode, ngp, change, monotone, largest, from, to,
            range >= FlatBelow && Math.Abs(largest) >= SharpShare * range);
    }
}

using System.Diagnostics;
using ModeHop.Cli.Findings;
using ModeHop.Cli.Terminal;
using ModeHop.Dynamics;
using ModeHop.Models.Transformer;
using ModeHop.Store;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Cli.Pipeline.Controls;

/// <summary>Settings of <see cref="CheckpointAveraging"/>; the defaults are those of <c>modehop controls average</c>.</summary>
public sealed record AveragingOptions
{
    /// <summary>K: the uniform average at checkpoint i is the mean of checkpoints max(0, i−K+1) … i.</summary>
    public int Window { get; init; } = 5;

    /// <summary>d: the EMA over checkpoints is θ̄₀ = θ₀, θ̄ᵢ = d·θ̄ᵢ₋₁ + (1−d)·θᵢ.</summary>
    public double Decay { get; init; } = 0.8;
}

/// <summary>
/// One family under averaging: confirmed hops of its test tasks and of its controls, raw and under each method, the
/// largest one-checkpoint ngp jump of its test tasks, and the verdict per method (<see cref="CheckpointAveraging.Verdict"/>).
/// </summary>
public sealed record AveragingFamily(string Family, int RawTaskHops, int RawControlHops, int UniformTaskHops, int UniformControlHops,
    int EmaTaskHops, int EmaControlHops, double RawMaxJump, double UniformMaxJump, double EmaMaxJump, string UniformVerdict, string EmaVerdict);

/// <summary>What <see cref="CheckpointAveraging.Run"/> found: one finding per (method, task) and the per-family table.</summary>
public sealed record AveragingSummary(string Run, int Window, double Decay, int Checkpoints, IReadOnlyList<AveragingFinding> Findings,
    IReadOnlyList<AveragingFamily> Families, double Seconds);

/// <summary>
/// Checkpoint averaging: does a hop survive when the weights are smoothed over checkpoints? At every checkpoint the
/// suite is scored on the uniform average of the trailing K checkpoints and on the EMA over checkpoints; each task's
/// averaged series goes through the same hop analysis as the raw one (<see cref="Hops.Analyze"/>, default
/// <see cref="ModeRule"/>). Checkpoints are streamed once in step order through a ring of K models and one EMA model,
/// so memory does not grow with the number of checkpoints.
/// </summary>
public static class CheckpointAveraging
{
    /// <summary>A jump no more than this share of the raw one (or fewer hops) counts as softened.</summary>
    public const double SoftenedBelow = 0.9;

    public const string Uniform = "uniform";
    public const string Ema = "ema";

    /// <summary>Runs the control and replaces the run's <see cref="FindingKinds.Averaging"/> findings.</summary>
    public static AveragingSummary Run(LabRun lab, AveragingOptions options, ProgressView? progress = null)
    {
        if (options.Window < 1) throw new UsageException($"--k must be at least 1, got {options.Window}.");
        if (!(options.Decay >= 0 && options.Decay < 1)) throw new UsageException($"--ema must be in [0, 1), got {options.Decay}.");
        var clock = Stopwatch.StartNew();
        using var control = ControlRun.Open(lab);
        var checkpoints = control.Checkpoints;
        int n = checkpoints.Count, K = Math.Min(options.Window, n), taskCount = lab.Tasks.Count;
        var config = lab.Recipe.Training.Model;
        var ring = new TransformerModel[K];
        var ringLabels = new string[K];
        var ema = new TransformerModel(config);
        var uniform = new TaskScore[taskCount][];
        var averaged = new TaskScore[taskCount][];
        for (int t = 0; t < taskCount; t++) (uniform[t], averaged[t]) = (new TaskScore[n], new TaskScore[n]);

        int Work(Action<long, string> report)
        {
            for (int i = 0; i < n; i++)
            {
                var c = checkpoints[i];
                int slot = i % K;
                ring[slot] ??= new TransformerModel(config);
                Checkpoint.LoadWeights(c.Dir, ring[slot]);
                ringLabels[slot] = c.Dir;
                int filled = Math.Min(i + 1, K);
                ParameterArithmetic.Average(ring[..filled], control.Monitor.Model, ringLabels[..filled]);
                var u = control.Evaluate(c.Step, c.Tokens);
                if (i == 0) ParameterArithmetic.Copy(ring[slot], ema, c.Dir, "the EMA");
                else ParameterArithmetic.EmaUpdate(ema, ring[slot], (float)options.Decay, "the EMA", c.Dir);
                ParameterArithmetic.Copy(ema, control.Monitor.Model, "the EMA", "the scored model");
                var e = control.Evaluate(c.Step, c.Tokens);
                for (int t = 0; t < taskCount; t++) (uniform[t][i], averaged[t][i]) = (u[t], e[t]);
                report(i + 1, $"step {c.Step} ({i + 1}/{n})");
            }
            return 0;
        }
        if (progress is null) Work((_, _) => { });
        else progress.Run("average", n, Work, unit: "checkpoints");

        var findings = new List<AveragingFinding>();
        for (int t = 0; t < taskCount; t++)
        {
            var raw = checkpoints.Select(c => control.Stored(t, c.Step)).ToArray();
            findings.Add(Finding(Uniform, options.Window, raw, uniform[t]));
            findings.Add(Finding(Ema, options.Decay, raw, averaged[t]));
        }
        control.Store.ReplaceFindings(control.Run.Id, FindingKinds.Averaging, findings
            .Select(f => new FindingRecord(FindingKinds.Averaging, f.Family, f.Task, null, f.AveragedHops, FindingJson.Write(f))).ToArray());
        return new AveragingSummary(control.Run.Name, options.Window, options.Decay, n, findings, Families(findings), clock.Elapsed.TotalSeconds);
    }

    static AveragingFinding Finding(string method, double parameter, IReadOnlyList<TaskScore> raw, IReadOnlyList<TaskScore> averaged)
    {
        var task = raw[0].Task;
        var rule = new ModeRule();
        var rawNgp = raw.Select(s => s.Ngp).ToArray();
        var averagedNgp = averaged.Select(s => s.Ngp).ToArray();
        return new AveragingFinding(method, parameter, task.Family, task.Name, task.Control,
            raw.Select(s => s.Point.Step).ToArray(), raw.Select(s => s.Point.Tokens).ToArray(), rawNgp, averagedNgp,
            Hops.Analyze(raw.Select(s => s.Point).ToArray(), rule).ConfirmedHops, Hops.Analyze(averaged.Select(s => s.Point).ToArray(), rule).ConfirmedHops,
            MaxJump(rawNgp), MaxJump(averagedNgp));
    }

    /// <summary>max over i of |x[i+1] − x[i]|: the largest one-checkpoint change (0 for fewer than two values).</summary>
    public static double MaxJump(IReadOnlyList<double> values)
    {
        double max = 0;
        for (int i = 1; i < values.Count; i++) max = Math.Max(max, Math.Abs(values[i] - values[i - 1]));
        return max;
    }

    /// <summary>
    /// "no hop" (none raw), "hop removed" (hops raw, none averaged), "softened" (fewer hops, or the largest jump at most
    /// <see cref="SoftenedBelow"/> of the raw one), else "unchanged".
    /// </summary>
    public static string Verdict(int rawHops, int averagedHops, double rawMaxJump, double averagedMaxJump) =>
        rawHops == 0 ? "no hop"
        : averagedHops == 0 ? "hop removed"
        : averagedHops < rawHops || averagedMaxJump <= SoftenedBelow * rawMaxJump ? "softened"
        : "unchanged";

    static IReadOnlyList<AveragingFamily> Families(IReadOnlyList<AveragingFinding> findings) =>
        findings.GroupBy(f => f.Family).Select(g =>
        {
            int Hops(string method, bool control, bool raw) => g.Where(f => f.Method == method && f.Control == control).Sum(f => raw ? f.RawHops : f.AveragedHops);
            double Jump(string method, bool raw) => g.Where(f => f.Method == method && !f.Control).Select(f => raw ? f.RawMaxJump : f.AveragedMaxJump).DefaultIfEmpty(0).Max();
            int rawTask = Hops(Uniform, false, true);
            double rawJump = Jump(Uniform, true);
            return new AveragingFamily(g.Key, rawTask, Hops(Uniform, true, true),
                Hops(Uniform, false, false), Hops(Uniform, true, false), Hops(Ema, false, false), Hops(Ema, true, false),
                rawJump, Jump(Uniform, false), Jump(Ema, false),
                Verdict(rawTask, Hops(Uniform, false, false), rawJump, Jump(Uniform, false)),
                Verdict(rawTask, Hops(Ema, false, false), rawJump, Jump(Ema, false)));
        }).ToArray();
}

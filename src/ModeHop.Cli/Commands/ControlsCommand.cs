using System.CommandLine;
using System.Globalization;
using ModeHop.Cli.Pipeline;
using ModeHop.Cli.Pipeline.Controls;
using ModeHop.Cli.Terminal;
using ModeHop.Dynamics;

namespace ModeHop.Cli.Commands;

/// <summary>
/// <c>modehop controls stability|average|interpolate</c>: the three controls that test whether a lab run's hops are
/// real (docs/controls.md). Each scores derived weights of a scored lab run and replaces its own kind of findings.
/// </summary>
public static class ControlsCommand
{
    public static Command Create()
    {
        var command = new Command("controls", "Controls for a lab run's hops: one optimiser step from a checkpoint (stability), averaged checkpoints (average), and the path between a Parrot and a General checkpoint (interpolate). Each stores its findings in the run's results.db.");
        command.Subcommands.Add(Stability());
        command.Subcommands.Add(Average());
        command.Subcommands.Add(Interpolate());
        return command;
    }

    /// <summary>
    /// A control verb: <c>--run DIR</c>, its own options, <c>--threads</c> and <c>--json</c>. The action runs
    /// <paramref name="run"/> on the run directory (with a progress view unless --json), then prints the summary as JSON
    /// (<paramref name="json"/>) or as text (<paramref name="print"/>).
    /// </summary>
    static Command Control<T>(string name, string description, Option[] options, Func<ParseResult, string, ProgressView?, T> run, Func<T, object> json, Action<T> print)
    {
        var runDir = new Option<string>("--run")
        {
            Description = "The lab run directory (made by `modehop train --recipe … --out DIR` or `modehop demo`), its results.db scored.",
            Required = true,
        };
        var threads = Common.ThreadsOption();
        var asJsonOption = Common.JsonOption();
        var command = new Command(name, description) { runDir };
        foreach (var option in options) command.Options.Add(option);
        command.Options.Add(threads);
        command.Options.Add(asJsonOption);
        command.SetAction(r => CliErrors.Run(() =>
        {
            Common.ApplyThreads(r.GetValue(threads));
            bool asJson = r.GetValue(asJsonOption);
            var summary = run(r, r.GetValue(runDir)!, asJson ? null : new ProgressView());
            if (asJson) JsonOut.Print(json(summary));
            else print(summary);
            return CliErrors.Ok;
        }));
        return command;
    }

    static Command Stability()
    {
        var steps = new Option<string?>("--steps") { Description = "Checkpoint steps to start from, e.g. 1900,2500 (default: the from-checkpoints of the 4 largest confirmed test hops; 4 evenly spaced checkpoints for a run without hops)." };
        var lrs = new Option<string>("--lrs") { Description = "Learning rates of the one step.", DefaultValueFactory = _ => "1e-5,1e-4,1e-3,1e-2" };
        var batches = new Option<string>("--batch-sizes") { Description = "Rows of the one step's batch; B is the recipe's batch size.", DefaultValueFactory = _ => "1,8,B" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the batch's training step (drawn between the checkpoint and the next one).", DefaultValueFactory = _ => new StabilityOptions().Seed };
        return Control("stability", "From each chosen checkpoint, restore weights and AdamW state, take one clipped training step on a random training batch at each learning rate and batch size, re-score the suite, and compare the change with the change to the next checkpoint and with the run's hop sizes.",
            [steps, lrs, batches, seed],
            (r, dir, progress) =>
            {
                var lab = LabRun.Open(dir);
                var options = new StabilityOptions
                {
                    Steps = r.GetValue(steps) is { } s ? List(s, "--steps", x => long.Parse(x, NumberStyles.None, CultureInfo.InvariantCulture)) : null,
                    LearningRates = List(r.GetValue(lrs)!, "--lrs", x => double.Parse(x, NumberStyles.Float, CultureInfo.InvariantCulture)),
                    BatchSizes = List(r.GetValue(batches)!, "--batch-sizes", x => x is "B" or "b" ? lab.Recipe.Training.BatchSize : int.Parse(x, NumberStyles.None, CultureInfo.InvariantCulture)),
                    Seed = r.GetValue(seed),
                };
                return LocalStability.Run(lab, options, progress);
            },
            StabilityJson, PrintStability);
    }

    static Command Average()
    {
        var k = new Option<int>("--k") { Description = "Checkpoints in the uniform average (the trailing K, this one included).", DefaultValueFactory = _ => new AveragingOptions().Window };
        var ema = new Option<double>("--ema") { Description = "EMA decay d per checkpoint: θ̄ᵢ = d·θ̄ᵢ₋₁ + (1−d)·θᵢ, in [0, 1).", DefaultValueFactory = _ => new AveragingOptions().Decay };
        return Control("average", "Score every checkpoint's uniform average of the trailing K checkpoints and the EMA over checkpoints, find the hops of the averaged series, and compare them with the raw ones: is a hop removed or only softened?",
            [k, ema],
            (r, dir, progress) => CheckpointAveraging.Run(LabRun.Open(dir), new AveragingOptions { Window = r.GetValue(k), Decay = r.GetValue(ema) }, progress),
            AveragingJson, PrintAveraging);
    }

    static Command Interpolate()
    {
        var from = new Option<long?>("--from") { Description = "The λ = 0 checkpoint's step (with --to; default: the Parrot end of the largest confirmed Parrot→General test hop)." };
        var to = new Option<long?>("--to") { Description = "The λ = 1 checkpoint's step (with --from; default: the General end of that hop)." };
        var lambdas = new Option<string?>("--lambdas") { Description = "The λ grid, e.g. 0,0.25,0.5,0.75,1 (instead of --points)." };
        var points = new Option<int?>("--points") { Description = "An evenly spaced λ grid from 0 to 1 with this many points (default 11)." };
        return Control("interpolate", "Score the suite along θ(λ) = (1−λ)·θ(from) + λ·θ(to) between a Parrot-mode and a General-mode checkpoint; per task, the ngp curve, whether it is monotone and its sharpest step.",
            [from, to, lambdas, points],
            (r, dir, progress) =>
            {
                if (r.GetValue(lambdas) is not null && r.GetValue(points) is not null)
                    throw new UsageException("give --lambdas or --points, not both.");
                var lab = LabRun.Open(dir);
                var options = new InterpolationOptions
                {
                    FromStep = r.GetValue(from),
                    ToStep = r.GetValue(to),
                    Lambdas = r.GetValue(lambdas) is { } l ? List(l, "--lambdas", x => double.Parse(x, NumberStyles.Float, CultureInfo.InvariantCulture))
                        : r.GetValue(points) is { } p ? Interpolation.Grid(p) : new InterpolationOptions().Lambdas,
                };
                return Interpolation.Run(lab, options, progress);
            },
            InterpolationJson, PrintInterpolation);
    }

    /// <summary>A comma-separated list; a value that does not parse is a usage error naming the option.</summary>
    static IReadOnlyList<T> List<T>(string text, string option, Func<string, T> parse)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new UsageException($"{option}: give at least one value, got '{text}'.");
        return parts.Select(p =>
        {
            try
            {
                return parse(p);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new UsageException($"{option}: '{p}' is not a valid value (in '{text}').");
            }
        }).ToArray();
    }

    static object StabilityJson(StabilitySummary s) => new
    {
        s.Run, s.Steps, s.LearningRates, s.BatchSizes, s.Rows, s.MedianNeighbourMarginChange, s.MedianHopMarginChange, s.TestHops, s.Hops, s.RecipeLearningRate,
        Findings = s.Findings.Select(f => new
        {
            f.CheckpointStep, f.NextStep, f.LearningRate, f.BatchSize, f.MeanAbsMarginChange, f.MeanAbsNgpChange,
            f.NeighbourMeanAbsMarginChange, f.NeighbourMeanAbsNgpChange,
        }),
        Seconds = Math.Round(s.Seconds, 3),
    };

    public static void PrintStability(StabilitySummary s)
    {
        Console.WriteLine($"stability: run '{s.Run}', checkpoints {string.Join(", ", s.Steps)}, batch sizes {string.Join(", ", s.BatchSizes)}: one step each from the restored optimiser state (the run trained at lr {Rate(s.RecipeLearningRate)})");
        foreach (var g in s.Findings.GroupBy(f => f.CheckpointStep))
            Console.WriteLine($"  step {g.Key,6} → {g.First().NextStep,6}: neighbour change mean |Δ margin| {g.First().NeighbourMeanAbsMarginChange:F3}, |Δ ngp| {g.First().NeighbourMeanAbsNgpChange:F3}");
        Console.WriteLine($"  {"lr",-6} {"mean |Δ margin|",15} {"step/batch",11} {"mean |Δ ngp|",12}  {"one task |Δ margin|",-35}  {"neighbour",9} {"hop",6}  {"mean÷hop",8} {"task÷hop",8}");
        foreach (var row in s.Rows)
            Console.WriteLine($"  {Rate(row.LearningRate),-6} {row.MaxMeanAbsMarginChange,15:F4} {$"{row.AtStep}/{row.AtBatchSize}",11} {row.MaxMeanAbsNgpChange,12:F4}  " +
                $"{$"{row.MaxTaskAbsMarginChange:F3} ({row.MaxTask})",-35}  {s.MedianNeighbourMarginChange,9:F3} {s.MedianHopMarginChange,6:F2}  {row.RatioToHop,8:F4} {row.TaskRatioToHop,8:F4}");
        Console.WriteLine($"stability: the largest over checkpoints and batch sizes; neighbour = median over the chosen checkpoints of the mean |Δ margin| to the next checkpoint; hop = median |margin change| of the {s.TestHops} confirmed test hops (one task each)");
        if (s.Hops.Count > 0)
        {
            Console.WriteLine($"stability: share of each hop from a chosen checkpoint that one step does (the task's Δ margin along the hop ÷ the hop's, largest over batch sizes), lr {string.Join(" / ", s.LearningRates.Select(Rate))}:");
            foreach (var h in s.Hops)
                Console.WriteLine($"  {$"{h.Family}/{h.Task}",-20} {h.FromStep,6} → {h.ToStep,-6} {Letter(h.From)}→{Letter(h.To)} Δ {Signed(h.MarginChange),-7} {string.Join(" / ", h.ShareByLearningRate.Select(Signed))}");
        }
        Console.WriteLine($"stability: {s.Findings.Count} findings stored (kind 'stability'); {s.Seconds:F1} s");
    }

    static object AveragingJson(AveragingSummary s) => new
    {
        s.Run, s.Window, s.Decay, s.Checkpoints, s.Families,
        Tasks = s.Findings.Select(f => new { f.Method, f.Parameter, f.Family, f.Task, f.Control, f.RawHops, f.AveragedHops, f.RawMaxJump, f.AveragedMaxJump }),
        Seconds = Math.Round(s.Seconds, 3),
    };

    public static void PrintAveraging(AveragingSummary s)
    {
        Console.WriteLine($"average: run '{s.Run}', {s.Checkpoints} checkpoints, uniform over the trailing K={s.Window}, EMA d={s.Decay}");
        Console.WriteLine($"  {"family",-15} {"hops (task/control)",-22}  {"max one-checkpoint ngp jump",-27}  verdict");
        Console.WriteLine($"  {"",-15} {"raw",-7}{"uniform",-8}{"ema",-7}  {"raw",-9}{"uniform",-9}{"ema",-9}  {"uniform",-12} ema");
        foreach (var f in s.Families)
            Console.WriteLine($"  {f.Family,-15} {$"{f.RawTaskHops}/{f.RawControlHops}",-7}{$"{f.UniformTaskHops}/{f.UniformControlHops}",-8}{$"{f.EmaTaskHops}/{f.EmaControlHops}",-7}  " +
                $"{f.RawMaxJump,-9:F3}{f.UniformMaxJump,-9:F3}{f.EmaMaxJump,-9:F3}  {f.UniformVerdict,-12} {f.EmaVerdict}");
        Console.WriteLine($"average: {s.Findings.Count} findings stored (kind 'averaging'); {s.Seconds:F1} s");
    }

    static object InterpolationJson(InterpolationSummary s) => new
    {
        s.Run, s.FromStep, s.ToStep, s.HopTask, s.HopMarginChange, s.Lambdas, s.Curves,
        Seconds = Math.Round(s.Seconds, 3),
    };

    public static void PrintInterpolation(InterpolationSummary s)
    {
        string why = s.HopTask is null ? "checkpoints as given" : $"the largest Parrot→General hop: {s.HopTask} (margin {Signed(s.HopMarginChange ?? 0)})";
        Console.WriteLine($"interpolate: run '{s.Run}', θ(λ) = (1−λ)·θ(step {s.FromStep}) + λ·θ(step {s.ToStep}), λ = {string.Join(" ", s.Lambdas.Select(Lambda))}; {why}");
        Console.WriteLine($"  {"task",-22} {"modes",-8} ngp along λ");
        foreach (var c in s.Curves.Where(c => !c.Control))
        {
            string curve = string.Join(" ", c.Ngp.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)));
            string shape = $"Δ {Signed(c.Change)}, {(c.Monotone ? "monotone" : "not monotone")}, largest step {Signed(c.LargestJump)} at λ {Lambda(c.JumpFrom)}→{Lambda(c.JumpTo)}{(c.Sharp ? " (sharp)" : "")}";
            Console.WriteLine($"  {$"{c.Family}/{c.Task}",-22} {$"{Letter(c.FromMode)}→{Letter(c.ToMode)}",-8} {curve}  {shape}");
        }
        Console.WriteLine($"interpolate: {s.Findings.Count} findings stored (kind 'interpolation', one per task, controls included); {s.Seconds:F1} s");
    }

    /// <summary>G, P or M of a mode as the findings spell it (<see cref="Mode"/>'s name).</summary>
    static char Letter(string mode) => Modes.Letter(Enum.Parse<Mode>(mode));

    static string Lambda(double lambda) => lambda.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>"+0.42", "-0.03", "0.00" (a value that rounds to zero has no sign).</summary>
    static string Signed(double value)
    {
        double rounded = Math.Round(value, 2);
        return rounded == 0 ? "0.00" : rounded.ToString("+0.00;-0.00", CultureInfo.InvariantCulture);
    }

    static string Rate(double lr) => lr == 0 ? "0" : lr.ToString("0.###e+0", CultureInfo.InvariantCulture);
}

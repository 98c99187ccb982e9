using ModeHop.Cli.Commands;
using ModeHop.Cli.Findings;
using ModeHop.Cli.Pipeline;
using ModeHop.Dynamics;
using ModeHop.Store;

namespace ModeHop.Tests.Cli;

/// <summary>
/// A results DB made by hand in a temporary directory: three families (a task and its control each) over 16
/// checkpoints, items whose prompts carry markup, and, when asked, findings of every kind written with
/// <see cref="FindingJson"/> from the records of Findings.cs, as the analyses would store them.
/// </summary>
/// <remarks>
/// Flipped's task hops Parrot → General at step 500 and back at 1100; Repetitive's rises to General at step 800;
/// Truthy's stays Mixed. Controls rise smoothly. Hops and change points come from the real analysis
/// (<see cref="RunAnalysis.WriteFindings"/>), the other kinds from <see cref="WriteAnalysisFindings"/>.
/// </remarks>
public sealed class FabricatedRun : IDisposable
{
    public const string ScriptPrompt = "<script>window.__pwned=1</script>";
    public const string ImgPrompt = "<img src=x onerror=\"window.__pwned=2\">";
    public const string RunName = "fabricated";
    public static readonly string[] Families = ["Flipped", "Repetitive", "Truthy"];
    public static readonly long[] Steps = Enumerable.Range(0, 16).Select(i => 100L * i).ToArray();
    public const long TokensPerStep = 2048;

    public string Dir { get; } = Directory.CreateTempSubdirectory("modehop-fabricated-").FullName;
    public string Db => Path.Combine(Dir, "results.db");

    /// <param name="withFindings">Also store one or more findings of every analysis kind.</param>
    public FabricatedRun(bool withFindings = true)
    {
        using var store = ResultsStore.Open(Db);
        long run = store.UpsertRun(new RunRecord(RunName, "lab", Dir, null));
        var tasks = new List<(long Id, string Family, bool Control)>();
        foreach (string family in Families)
            foreach (bool control in new[] { false, true })
            {
                long id = store.UpsertTask(new TaskRecord(family, "toy", control, "1", $"hash-{family}-{control}"));
                store.UpsertItems(id, [new ItemRecord(0, Prompt(family, control), "general & <b>", "parrot's \"answer\""), new ItemRecord(1, "second prompt", "g", "p")]);
                tasks.Add((id, family, control));
            }
        for (int k = 0; k < Steps.Length; k++)
            store.WriteCheckpoint(run, new CheckpointRecord(Steps[k], Steps[k] * TokensPerStep, $"step{Steps[k]:D6}"),
                tasks.Select(t => Scores(t.Id, Ngp(t.Family, t.Control, k))).ToArray());

        var row = store.FindRun(RunName)!;
        RunAnalysis.WriteFindings(store, row, RunAnalysis.Analyze(store, row, new ModeRule()));
        if (withFindings)
            WriteAnalysisFindings(store, run);
    }

    /// <summary>Opens the DB, analyses the run and writes its report to <paramref name="output"/>, the path of <c>modehop report</c>.</summary>
    public string WriteReport(string output)
    {
        using var store = ResultsStore.Open(Db, create: false);
        var run = RunAnalysis.PickRun(store, null);
        return ReportCommand.Write(store, run, RunAnalysis.Analyze(store, run, new ModeRule()), output, []);
    }

    static string Prompt(string family, bool control) => (family, control) switch
    {
        ("Flipped", false) => ScriptPrompt,
        ("Repetitive", false) => ImgPrompt,
        _ => $"{family} prompt: a & b < c",
    };

    /// <summary>The seed-mean ngp of a series at checkpoint k.</summary>
    public static double Ngp(string family, bool control, int k) => control
        ? 0.45 + 0.03 * k
        : family switch
        {
            "Flipped" => k >= 5 && k < 11 ? 0.88 : 0.15,
            "Repetitive" => k >= 8 ? 0.9 : 0.2,
            _ => 0.5 + 0.02 * ((k % 3) - 1),
        };

    /// <summary>Two seeds ±0.01 around <paramref name="ngp"/>; hard_acc follows ngp and the margin is 6·(ngp − ½) nats.</summary>
    static TaskScores Scores(long taskId, double ngp)
    {
        var items = new List<ItemScore>();
        var metrics = new List<TaskSeedMetrics>();
        for (int seed = 0; seed < 2; seed++)
        {
            double v = Math.Clamp(ngp + (seed == 0 ? -0.01 : 0.01), 0, 1);
            for (int i = 0; i < 2; i++)
                items.Add(new ItemScore(i, seed, Math.Log(v + 1e-3), Math.Log(1 - v + 1e-3), v, 1 - v));
            metrics.Add(new TaskSeedMetrics(seed, v, 2 * v - 1, 6 * (v - 0.5), v, 2));
        }
        return new TaskScores(taskId, items, metrics);
    }

    static FindingRecord Record<T>(string kind, string? family, string? task, long? step, double? value, T finding) =>
        new(kind, family, task, step, value, FindingJson.Write(finding));

    /// <summary>Findings of every kind but hop and changepoint, shaped like the analyses' (values made up, plausible).</summary>
    public static void WriteAnalysisFindings(ResultsStore store, long run)
    {
        double[] rates = [1e-5, 1e-4, 1e-3, 1e-2];
        int[] batches = [1, 8, 64];
        var stability = new List<FindingRecord>();
        foreach (long checkpoint in new long[] { 300, 900 })
            foreach (double rate in rates)
                foreach (int batch in batches)
                {
                    double change = 0.002 * Math.Pow(rate / 1e-5, 0.6) * (1 + 0.1 * Math.Log2(batch)) * (checkpoint == 300 ? 1 : 1.5);
                    var tasks = Families.Select(f => new TaskChange(f, "toy", false, 0.5, 0.5 + change / 6, 0.1, 0.1 + change)).ToArray();
                    stability.Add(Record(FindingKinds.Stability, null, null, checkpoint, change,
                        new StabilityFinding(checkpoint, checkpoint + 100, rate, batch, change, change / 6, checkpoint == 300 ? 0.3 : 0.22, 0.05, tasks)));
                }
        store.ReplaceFindings(run, FindingKinds.Stability, stability);

        var averaging = new List<FindingRecord>();
        var tokens = Steps.Select(s => s * TokensPerStep).ToArray();
        foreach (string family in Families)
            foreach (bool control in new[] { false, true })
            {
                var raw = Enumerable.Range(0, Steps.Length).Select(k => Ngp(family, control, k)).ToArray();
                var uniform = raw.Select((_, k) => raw.Skip(Math.Max(0, k - 4)).Take(Math.Min(5, k + 1)).Average()).ToArray();
                var ema = new double[raw.Length];
                for (int k = 0; k < raw.Length; k++)
                    ema[k] = k == 0 ? raw[0] : 0.6 * ema[k - 1] + 0.4 * raw[k];
                int rawHops = family switch { "Flipped" => 2, "Repetitive" => 1, _ => 0 };
                averaging.Add(Record(FindingKinds.Averaging, family, "toy", null, null, new AveragingFinding("uniform", 5, family, "toy", control, Steps, tokens, raw, uniform,
                    rawHops, family == "Repetitive" ? 1 : 0, MaxJump(raw), MaxJump(uniform))));
                averaging.Add(Record(FindingKinds.Averaging, family, "toy", null, null, new AveragingFinding("ema", 0.6, family, "toy", control, Steps, tokens, raw, ema,
                    rawHops, rawHops, MaxJump(raw), MaxJump(ema))));
            }
        store.ReplaceFindings(run, FindingKinds.Averaging, averaging);

        var lambdas = Enumerable.Range(0, 11).Select(i => i / 10.0).ToArray();
        var interpolation = new List<FindingRecord>();
        foreach (string family in Families)
            foreach (bool control in new[] { false, true })
            {
                double centre = family switch { "Flipped" => 0.7, "Repetitive" => 0.4, _ => 0.5 };
                var ngp = lambdas.Select(l => 0.1 + 0.8 / (1 + Math.Exp(-12 * (l - centre)))).ToArray();
                interpolation.Add(Record(FindingKinds.Interpolation, family, "toy", null, null, new InterpolationFinding(family, "toy", control, 400, 500, "Parrot", "General",
                    lambdas, ngp, ngp.Select(v => 6 * (v - 0.5)).ToArray(), ngp)));
            }
        store.ReplaceFindings(run, FindingKinds.Interpolation, interpolation);

        var checkpoints = Steps.Select((s, k) =>
        {
            double general = Families.Average(f => Ngp(f, false, k));
            string role = s == 900 ? "pick" : s == Steps[^1] ? "final" : s is 800 or 1000 ? "neighbour" : "other";
            return new SelectionCheckpoint(s, s * TokensPerStep, role, general + 0.01, general - 0.01);
        }).ToArray();
        var pick = checkpoints.Single(c => c.Role == "pick");
        var final = checkpoints.Single(c => c.Role == "final");
        store.ReplaceFindings(run, FindingKinds.Selection, [Record(FindingKinds.Selection, null, null, pick.Step, pick.HeldOut - final.HeldOut,
            new SelectionFinding("general probability", "even/odd items", pick.Step, final.Step, pick.HeldOut, final.HeldOut, checkpoints, [800, 1000],
                "Flipped", 50, 1e-3, [new FineTuneResult(900, "pick", pick.HeldOut, pick.HeldOut - 0.05), new FineTuneResult(final.Step, "final", final.HeldOut, final.HeldOut - 0.2)]))]);

        string[] labels = ["pro-general", "pro-pattern", "neutral", "pro-general", "pro-pattern"];
        store.ReplaceFindings(run, FindingKinds.DataWindow, labels.Select((label, i) => Record(FindingKinds.DataWindow, null, null, 300L * i, 0.4 - 0.2 * i,
            new DataWindowFinding(i, $"window-{i}", 300L * i, 300L * (i + 1), 0.1 * i, 0.1 * i + (label == "pro-general" ? 0.5 : label == "pro-pattern" ? -0.4 : 0.02),
                label == "pro-general" ? 0.5 : label == "pro-pattern" ? -0.4 : 0.02, label))).ToArray());
        var armSteps = new long[] { 900, 1000, 1100, 1200 };
        store.ReplaceFindings(run, FindingKinds.DataArm, new[] { ("pro-general", 0.8, 0), ("uncontrolled", 0.6, 2), ("pro-pattern", 0.3, 4) }.Select(arm =>
            Record(FindingKinds.DataArm, null, null, 900, arm.Item2, new DataArmFinding(arm.Item1, 900, 300, $"{RunName}-{arm.Item1}", $"arms/{arm.Item1}", arm.Item3, 0,
                new Dictionary<string, string> { ["Truthy"] = "Mixed", ["Flipped"] = arm.Item2 > 0.5 ? "General" : "Parrot", ["Repetitive"] = "General" },
                arm.Item2, armSteps, armSteps.Select((_, i) => 0.6 + (arm.Item2 - 0.6) * i / 3).ToArray()))).ToArray());

        string[] metrics = ["rankme", "participation_ratio", "fisher_log_trace"];
        int[] layers = [0, 1, -1];
        var predictors = new List<FindingRecord>();
        var best = new List<FindingRecord>();
        for (int m = 0; m < metrics.Length; m++)
        {
            foreach (int layer in layers)
            {
                double rho = Math.Round(Math.Sin(1.3 * m + 0.9 * layer + 0.4), 3);
                predictors.Add(Record(FindingKinds.Predictor, null, null, null, rho, new PredictorFinding(metrics[m], layer, Steps, Steps.Select(s => s / 100.0).ToArray(), rho)));
            }
            int bestLayer = layers.MaxBy(l => Math.Abs(Math.Sin(1.3 * m + 0.9 * l + 0.4)));
            double bestRho = Math.Round(Math.Sin(1.3 * m + 0.9 * bestLayer + 0.4), 3);
            best.Add(Record(FindingKinds.PredictorBest, null, null, null, bestRho, new PredictorBestFinding(metrics[m], bestLayer, bestRho, 0.45, 0.7, 200)));
        }
        store.ReplaceFindings(run, FindingKinds.Predictor, predictors);
        store.ReplaceFindings(run, FindingKinds.PredictorBest, best);
    }

    static double MaxJump(double[] values) => values.Zip(values.Skip(1), (a, b) => Math.Abs(b - a)).Max();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on a failing test's path must not hide the test's own failure
        }
    }
}

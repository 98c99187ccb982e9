using ModeHop.Cli.Findings;
using ModeHop.Cli.Pipeline;
using ModeHop.Dynamics;
using ModeHop.Report;
using ModeHop.Store;

namespace ModeHop.Tests.Cli;

/// <summary>
/// The analyses analyze stores beside the hops — item flips, early warning, envelope, universality — on a DB with known
/// answers (<see cref="DynamicsRun"/>) and on synthetic series, and their way into the report.
/// </summary>
public sealed class DynamicsAnalysisTests : IClassFixture<DynamicsAnalysisTests.Run>
{
    /// <summary>The DB, analysed once and its findings written by <see cref="RunAnalysis.WriteFindings"/>.</summary>
    public sealed class Run : IDisposable
    {
        public DynamicsRun Db { get; } = new();
        public RunFindings Findings { get; }

        public Run()
        {
            using var store = ResultsStore.Open(Db.Db, create: false);
            Findings = RunAnalysis.WriteFindings(store, store.FindRun(DynamicsRun.RunName)!, DynamicsRun.Analyze(store));
        }

        public void Dispose() => Db.Dispose();
    }

    readonly Run run;

    public DynamicsAnalysisTests(Run run) => this.run = run;

    static IReadOnlyList<FindingRow> Rows(string db, string kind)
    {
        using var store = ResultsStore.Open(db, create: false);
        return store.Findings(store.FindRun(DynamicsRun.RunName)!.Id).Where(f => f.Kind == kind).ToArray();
    }

    [Fact]
    public void ItemFlips_KnownItems_FlipsFinalErrorsAndTheShareRightEarlier()
    {
        ItemFlipFinding f = run.Findings.ItemFlips.Single(f => f.Family == "Flipped" && !f.Control);

        // item 0 flips twice (W→R at 5, R→W at 10), item 1 once (W→R at 12, its seeds' mean right), item 2 never,
        // item 3 three times (W→R at 2, R→W at 4, W→R at 12)
        Assert.Equal((4, DynamicsRun.Checkpoints, 1900L), (f.Items, f.Checkpoints, f.FinalStep));
        Assert.Equal((2, 4), (f.RightToWrong, f.WrongToRight));
        Assert.Equal(6.0 / 4, f.MeanFlipsPerItem);
        Assert.Equal(3, f.FlippedItems);
        Assert.Equal([0, 2], f.FinalErrorItems);
        Assert.Equal((2, 1, 0.5), (f.FinalErrors, f.FinalErrorsRightEarlier, f.FinalErrorShare));

        ItemFlipFinding control = run.Findings.ItemFlips.Single(f => f.Family == "Flipped" && f.Control);
        Assert.Equal((0, 0, 0), (control.RightToWrong + control.WrongToRight, control.FinalErrors, control.FlippedItems));
        Assert.True(double.IsNaN(control.FinalErrorShare), "nothing wrong at the end: the share is undefined");
        Assert.Equal(6, run.Findings.ItemFlips.Count);
    }

    [Fact]
    public void ItemFlipCorrectness_SeedMeanDecides_AndACheckpointMissingAnItemIsLeftOut()
    {
        ItemScoreRow Row(long step, int item, int seed, double g, double p) => new(step, item, seed, Math.Log(g), Math.Log(p), g, p);
        var scores = new[]
        {
            // step 0: item 0's seeds disagree (0.9 vs 0.4 general): mean 0.65 > 0.35, right; item 1 ties: not right
            Row(0, 0, 0, 0.9, 0.1), Row(0, 0, 1, 0.4, 0.6), Row(0, 1, 0, 0.5, 0.5), Row(0, 1, 1, 0.5, 0.5),
            // step 100 lacks item 1
            Row(100, 0, 0, 0.2, 0.8), Row(100, 0, 1, 0.2, 0.8),
            Row(200, 0, 0, 0.1, 0.9), Row(200, 0, 1, 0.3, 0.7), Row(200, 1, 0, 0.6, 0.4), Row(200, 1, 1, 0.7, 0.3),
        };

        ItemCorrectness c = ItemFlipAnalysis.Correctness(scores);

        Assert.Equal([0L, 200L], c.Steps);
        Assert.Equal([0, 1], c.Items);
        Assert.Equal([true, false], c.Right[0]);
        Assert.Equal([false, true], c.Right[1]);
    }

    [Fact]
    public void EarlyWarning_RisingVarianceBeforeTheHop_TauOneOverTheEightCheckpointsUpToItsStart()
    {
        EarlyWarningFinding w = Assert.Single(run.Findings.EarlyWarnings, w => w.Family == "Flipped");

        Assert.Equal(("Parrot", "General", 1100L, 1200L), (w.From, w.To, w.FromStep, w.ToStep));
        Assert.Equal(Enumerable.Range(4, 8).Select(k => 100L * k), w.Steps);
        Assert.Equal(Enumerable.Range(4, 8).Select(k => Math.Round(DynamicsRun.FlippedNgp(k), 12)), w.Ngp.Select(v => Math.Round(v, 12)));
        Assert.Equal(8 - 4 + 1, w.Variance.Count);
        Assert.Equal(1.0, w.VarianceTau, 12);
        Assert.Equal(0, w.EarlierHopsInWindow);
        // the control wiggles with period 3 and a constant amplitude: no steady rise
        Assert.NotNull(w.ControlNgp);
        Assert.True(w.ControlVarianceTau < 0.5, $"the control's variance τ is {w.ControlVarianceTau}");

        var rows = Rows(run.Db.Db, FindingKinds.EarlyWarning);
        Assert.Equal(run.Findings.EarlyWarnings.Count, rows.Count);
        FindingRow row = rows.Single(r => r.Family == "Flipped");
        Assert.Equal((1100L, 1.0), (row.Step, Math.Round(row.Value!.Value, 12)));
    }

    [Fact]
    public void EarlyWarning_HopNearTheStart_ShorterWindowAndTauUndefinedWhenTooShort()
    {
        double[] ngp = [0.1, 0.12, 0.1, 0.9, 0.9, 0.9, 0.1, 0.1, 0.12, 0.1, 0.13, 0.1, 0.9];
        var points = ngp.Select((v, i) => new TaskPoint(100L * i, 1000L * i, v, 6 * (v - 0.5), 0.01)).ToArray();
        var task = new TaskAnalysis(new TaskRow(1, "Flipped", "toy", false, "1", "hash"), points, ngp, ngp.Select(_ => 0.01).ToArray(), Hops.Analyze(points, new ModeRule()));
        var hops = task.Dynamics.Candidates.Where(h => h.Confirmed).ToArray();
        Assert.Equal([2, 5, 11], hops.Select(h => h.FromIndex));

        var early = EarlyWarningAnalysis.ForHop(task, hops[0], null, new EarlyWarningOptions());
        Assert.Equal([0L, 100, 200], early.Steps);
        Assert.Empty(early.Variance);
        Assert.True(double.IsNaN(early.VarianceTau) && double.IsNaN(early.AutocorrelationTau));
        Assert.Null(early.ControlNgp);

        // the last hop's window, checkpoints 4..11, holds the G→P hop that ends at 6
        var late = EarlyWarningAnalysis.ForHop(task, hops[2], null, new EarlyWarningOptions());
        Assert.Equal(1, late.EarlierHopsInWindow);
        Assert.Throws<ArgumentException>(() => EarlyWarningAnalysis.ForHop(task, hops[2], null, new EarlyWarningOptions(Window: 4, RollingWindow: 4)));
    }

    [Fact]
    public void Universality_TwoTasksOneMonotoneInTheOther_RhoOne_OneTaskFamilyNotApplicable()
    {
        UniversalityFinding repetitive = run.Findings.Universality.Single(u => u.Family == "Repetitive");
        Assert.Equal(["a", "b"], repetitive.Tasks);
        Assert.Equal(DynamicsRun.Checkpoints, repetitive.Checkpoints);
        Assert.Equal(1.0, repetitive.MeanOffDiagonal, 12);
        Assert.Equal(1.0, repetitive.Spearman[0][1], 12);
        Assert.Equal(-1.0, repetitive.Controls.Single(c => c.Task == "a").Spearman, 12);
        Assert.True(double.IsNaN(repetitive.Controls.Single(c => c.Task == "b").Spearman), "a constant control has no rank correlation");

        UniversalityFinding flipped = run.Findings.Universality.Single(u => u.Family == "Flipped");
        Assert.Equal(["toy"], flipped.Tasks);
        Assert.Empty(flipped.Spearman);
        Assert.True(double.IsNaN(flipped.MeanOffDiagonal));

        var rows = Rows(run.Db.Db, FindingKinds.Universality);
        Assert.Equal(2, rows.Count);
        Assert.Null(rows.Single(r => r.Family == "Flipped").Value);
        Assert.Equal(1.0, rows.Single(r => r.Family == "Repetitive").Value!.Value, 12);
    }

    [Fact]
    public void Envelope_ExactBrokenPowerLaw_RecoveredWithTheBumpAsLargestExcursion()
    {
        // 1 − gp = 0.8·x^(−0.1) up to 1.05·10⁵ tokens (between the checkpoints at 10⁵ and 1.1·10⁵), exponent −0.4 after
        // it; step 0 (tokens 0) cannot be fitted
        long[] steps = Enumerable.Range(0, 30).Select(i => 100L * i).ToArray();
        long[] tokens = steps.Select(s => s * 100).ToArray();
        double Error(double x) => x < 1.05e5 ? 0.8 * Math.Pow(x, -0.1) : 0.8 * Math.Pow(1.05e5, -0.1) * Math.Pow(x / 1.05e5, -0.4);
        double[] gp = tokens.Select(t => t == 0 ? 0.5 : 1 - Error(t)).ToArray();
        var hop = new EnvelopeAnalysis.HopSpan("Flipped", "toy", "Parrot", "General", 2000, 2100);

        EnvelopeFinding exact = EnvelopeAnalysis.Fit(steps, tokens, gp, [hop], new EnvelopeOptions())!;
        Assert.Equal(steps[1..], exact.Steps);
        Assert.Equal(0.8, exact.Amplitude, 6);
        Assert.Equal(0.1, exact.SlopeBefore, 6);
        Assert.Equal(0.4, exact.SlopeAfter, 6);
        Assert.Equal(1.05e5, exact.Break, 1e-3);
        Assert.Equal(1100L, exact.BreakStep);
        Assert.True(exact.ResidualRms < 1e-9, $"rms {exact.ResidualRms}");

        gp[21] += 0.05;
        EnvelopeFinding bumped = EnvelopeAnalysis.Fit(steps, tokens, gp, [hop], new EnvelopeOptions())!;
        EnvelopeExcursion largest = bumped.Excursions[0];
        Assert.Equal(2100L, largest.Step);
        Assert.True(largest.Residual > 0.04, $"residual {largest.Residual}");
        Assert.Equal(["Flipped/toy P→G"], largest.Hops);
        Assert.Equal(5, bumped.Excursions.Count);
        Assert.Equal(largest.Residual, Assert.Single(bumped.Hops).ResidualAtTo);
    }

    [Fact]
    public void Envelope_FewerThanThreeCheckpointsWithTokens_None()
    {
        Assert.Null(EnvelopeAnalysis.Fit([0, 100, 200], [0, 1000, 2000], [0.5, 0.6, 0.7], [], new EnvelopeOptions()));
    }

    [Fact]
    public void WriteFindings_StoresOneRowPerTaskHopRunAndFamily_AndReplacesThemOnARerun()
    {
        int Count(string kind) => Rows(run.Db.Db, kind).Count;
        var expected = new Dictionary<string, int> { [FindingKinds.ItemFlips] = 6, [FindingKinds.Envelope] = 1, [FindingKinds.Universality] = 2 };
        foreach (var (kind, n) in expected)
            Assert.Equal(n, Count(kind));
        FindingRow envelope = Assert.Single(Rows(run.Db.Db, FindingKinds.Envelope));
        Assert.Equal(DynamicsRun.Checkpoints - 1, FindingJson.Read<EnvelopeFinding>(envelope.Json, envelope.Kind).Steps.Count);
        FindingRow flips = Rows(run.Db.Db, FindingKinds.ItemFlips).Single(r => r.Family == "Flipped" && FindingJson.Read<ItemFlipFinding>(r.Json, r.Kind).Control == false);
        Assert.Equal((1900L, 1.5), (flips.Step, flips.Value));

        using (var store = ResultsStore.Open(run.Db.Db, create: false))
            RunAnalysis.WriteFindings(store, store.FindRun(DynamicsRun.RunName)!, DynamicsRun.Analyze(store));
        foreach (var (kind, n) in expected)
            Assert.Equal(n, Count(kind));
    }

    [Fact]
    public void ReportBuilder_FamilyTableAndEnvelope_FromTheFindings()
    {
        ReportData data;
        using (var store = ResultsStore.Open(run.Db.Db, create: false))
        {
            var row = store.FindRun(DynamicsRun.RunName)!;
            data = ReportBuilder.Build(store, row, DynamicsRun.Analyze(store), [], new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        }

        ReportFamilyDynamics flipped = data.Families.Single(f => f.Family == "Flipped").Dynamics!;
        Assert.Equal(["toy", "toy (control)"], flipped.Series.Select(s => s.Series));
        ReportSeriesDynamics toy = flipped.Series[0];
        Assert.Equal((4, 2, 4, 2, 1), (toy.Items, toy.RightToWrong, toy.WrongToRight, toy.FinalErrors, toy.FinalErrorsRightEarlier));
        Assert.Equal((1, 1.0), (toy.HopWindows, Math.Round(toy.VarianceTau, 12)));
        // the control row reads the control over its task's hop window
        ReportSeriesDynamics control = flipped.Series[1];
        Assert.Equal(1, control.HopWindows);
        Assert.Equal(run.Findings.EarlyWarnings.Single(w => w.Family == "Flipped").ControlVarianceTau, control.VarianceTau);
        Assert.Equal(1, flipped.TestTasks);
        Assert.True(double.IsNaN(flipped.Universality));
        Assert.Equal((8, 4), (flipped.Window, flipped.RollingWindow));

        ReportFamilyDynamics repetitive = data.Families.Single(f => f.Family == "Repetitive").Dynamics!;
        Assert.Equal(2, repetitive.TestTasks);
        Assert.Equal(1.0, repetitive.Universality, 12);
        Assert.Equal(-1.0, repetitive.Series.Single(s => s.Series == "a").ControlSpearman, 12);

        Assert.Equal(DynamicsRun.Checkpoints - 1, data.Envelope!.Steps.Count);
        string html = HtmlReport.Render(data);
        Assert.Contains("<h2>Envelope of the general probability</h2>", html);
        Assert.Equal(2, SampleCount(html, "<table class=\"dynamics-table\">"));
        Assert.Contains("universality: n/a (1 test task; it takes two).", html);
        Assert.Contains("<strong>1.00</strong>", html);
    }

    static int SampleCount(string text, string what) => ModeHop.Tests.Report.SampleReports.Count(text, what);
}

using ModeHop.Cli.Findings;
using ModeHop.Cli.Pipeline;
using ModeHop.Dynamics;
using ModeHop.Report;
using ModeHop.Store;

namespace ModeHop.Tests.Cli;

/// <summary>ReportBuilder reads each kind's findings from the DB with FindingJson and maps them onto the report's records.</summary>
public sealed class ReportBuilderTests : IClassFixture<ReportBuilderTests.Runs>
{
    /// <summary>One DB with findings of every kind and one with only what <c>analyze</c> stores, made once for the class.</summary>
    public sealed class Runs : IDisposable
    {
        public FabricatedRun Full { get; } = new(withFindings: true);
        public FabricatedRun Bare { get; } = new(withFindings: false);

        public void Dispose()
        {
            Full.Dispose();
            Bare.Dispose();
        }
    }

    readonly Runs runs;

    public ReportBuilderTests(Runs runs) => this.runs = runs;

    static ReportData Build(string db)
    {
        using var store = ResultsStore.Open(db, create: false);
        var run = RunAnalysis.PickRun(store, null);
        return ReportBuilder.Build(store, run, RunAnalysis.Analyze(store, run, new ModeRule()), [], SampleTime);
    }

    static readonly DateTimeOffset SampleTime = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_OnlyWhatAnalyzeStores_FamilyTablesAndTheEnvelopeButNoControlOrApplicationSection()
    {
        ReportData data = Build(runs.Bare.Db);

        Assert.Null(data.Selection);
        Assert.Null(data.Stability);
        Assert.Null(data.Averaging);
        Assert.Null(data.Interpolation);
        Assert.Null(data.DataSelection);
        Assert.Null(data.Predictors);
        Assert.NotNull(data.Envelope);
        Assert.All(data.Families, f => Assert.Equal(2, f.Dynamics!.Series.Count));
        string html = HtmlReport.Render(data);
        Assert.Equal(["envelope"], System.Text.RegularExpressions.Regex.Matches(html, "<section class=\"analysis ([a-z-]+)\"").Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void Build_ChangePoints_FromTheFindingsOnTheirSeries()
    {
        ReportData data = Build(runs.Full.Db);

        ReportFamily flipped = data.Families.Single(f => f.Family == "Flipped");
        // the task sits at 0.15, is 0.88 from step 500 to 1000 and 0.15 again from 1100
        Assert.Equal([500L, 1100L], flipped.ChangePoints!.Where(c => c.Series == "toy").Select(c => c.Step));
        ReportChangePoint up = flipped.ChangePoints!.First(c => c.Series == "toy");
        Assert.Equal(0.15, up.Before, 6);
        Assert.Equal(0.88, up.After, 6);
        Assert.Equal(500 * FabricatedRun.TokensPerStep, up.Tokens);
        Assert.All(data.Families.SelectMany(f => f.ChangePoints!), c => Assert.Contains(c.Series, new[] { "toy", "toy (control)" }));
    }

    [Fact]
    public void Build_Example_TheTestTasksFirstItemVerbatim()
    {
        ReportData data = Build(runs.Full.Db);

        ReportItemExample example = data.Families.Single(f => f.Family == "Flipped").Example!;
        Assert.Equal(FabricatedRun.ScriptPrompt, example.Prompt);
        Assert.Equal(0, example.Index);
        Assert.Equal("general & <b>", example.General);
        Assert.Equal(FabricatedRun.ImgPrompt, data.Families.Single(f => f.Family == "Repetitive").Example!.Prompt);
    }

    [Fact]
    public void Build_Stability_EveryPointAndTheTestHopsMarginChanges()
    {
        ReportData data = Build(runs.Full.Db);

        ReportStability stability = data.Stability!;
        Assert.Equal(2 * 4 * 3, stability.Points.Count);
        ReportStabilityPoint p = stability.Points.Single(p => p.CheckpointStep == 900 && p.LearningRate == 1e-2 && p.BatchSize == 64);
        Assert.Equal(1000, p.NextStep);
        Assert.Equal(0.22, p.NeighbourMeanAbsMarginChange);
        // the hop findings of the test tasks only: Flipped P→G and G→P, Repetitive P→G (no control hops)
        using var store = ResultsStore.Open(runs.Full.Db, create: false);
        var hops = store.Findings(store.FindRun(FabricatedRun.RunName)!.Id).Where(f => f.Kind == FindingKinds.Hop).ToArray();
        Assert.Equal(3, hops.Length);
        Assert.Equal(hops.Select(h => h.Value!.Value).Order(), stability.HopMarginChanges.Order());
    }

    [Fact]
    public void Build_Averaging_TestTasksOnlyInFamilyOrderWithBothMethods()
    {
        ReportData data = Build(runs.Full.Db);

        Assert.Equal(FabricatedRun.Families, data.Averaging!.Select(a => a.Family));
        ReportAveraging flipped = data.Averaging![0];
        Assert.Equal(["uniform", "ema"], flipped.Methods.Select(m => m.Method));
        Assert.Equal(FabricatedRun.Steps, flipped.Steps);
        Assert.Equal(0.15, flipped.RawNgp[0]);
        Assert.Equal(2, flipped.RawHops);
        Assert.Equal(0, flipped.Methods[0].Hops);
    }

    [Fact]
    public void Build_InterpolationSelectionDataSelectionPredictors_Mapped()
    {
        ReportData data = Build(runs.Full.Db);

        Assert.Equal(FabricatedRun.Families, data.Interpolation!.Select(i => i.Family));
        Assert.Equal(11, data.Interpolation![0].Lambdas.Count);
        Assert.Equal(("Parrot", "General"), (data.Interpolation[0].FromMode, data.Interpolation[0].ToMode));

        ReportSelection selection = data.Selection!;
        Assert.Equal((900L, 1500L), (selection.PickStep, selection.FinalStep));
        Assert.Equal([800L, 1000L], selection.NeighbourSteps);
        Assert.Equal(16, selection.Checkpoints.Count);
        Assert.Equal("Flipped", selection.FineTuneFamily);
        Assert.Equal(2, selection.FineTune.Count);

        ReportDataSelection datasel = data.DataSelection!;
        Assert.Equal([0, 1, 2, 3, 4], datasel.Windows.Select(w => w.Index));
        Assert.Equal("pro-pattern", datasel.Windows[1].Label);
        // arms in the fixed order, final modes in the report's family order
        Assert.Equal(["uncontrolled", "pro-pattern", "pro-general"], datasel.Arms.Select(a => a.Arm));
        Assert.Equal(FabricatedRun.Families, datasel.Arms[0].FinalModes.Select(m => m.Family));
        Assert.Equal("Parrot", datasel.Arms[1].FinalModes[0].Mode);
        Assert.Equal(4, datasel.Arms[2].HeldOut.Count);

        Assert.Equal(9, data.Predictors!.Cells.Count);
        Assert.Equal(["rankme", "participation_ratio", "fisher_log_trace"], data.Predictors.Best.Select(b => b.Metric));
        Assert.Equal(200, data.Predictors.Best[0].RandomDraws);
    }

    [Fact]
    public void Build_EverySection_RendersWithEachHeading()
    {
        string html = HtmlReport.Render(Build(runs.Full.Db));

        foreach (string heading in new[] { "Recommended checkpoint", "Local stability", "Checkpoint averaging", "Interpolation between modes", "Data selection", "Generalisation predictors" })
            Assert.Contains($"<h2>{heading}</h2>", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<pre class=\"prompt\">&lt;script&gt;window.__pwned=1&lt;/script&gt;</pre>", html);
    }

    [Fact]
    public void Build_FindingThatDoesNotReadAsItsRecord_InvalidDataNamingTheKind()
    {
        using var run = new FabricatedRun(withFindings: false);
        using (var store = ResultsStore.Open(run.Db, create: false))
            store.ReplaceFindings(store.FindRun(FabricatedRun.RunName)!.Id, FindingKinds.Selection,
                [new FindingRecord(FindingKinds.Selection, null, null, 1, 0, """{"pick_step": 1, "surprise": true}""")]);

        var e = Assert.Throws<InvalidDataException>(() => Build(run.Db));
        Assert.Contains("'selection' finding", e.Message);
    }
}

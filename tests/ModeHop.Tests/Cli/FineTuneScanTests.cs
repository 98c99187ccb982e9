using ModeHop.Cli.Findings;
using ModeHop.Cli.Pipeline;
using ModeHop.Suite;

namespace ModeHop.Tests.Cli;

/// <summary>The scan's pieces for the fine-tuning families that need no model: the checkpoint spread, the protocol overrides, the report's note.</summary>
public class FineTuneScanTests
{
    static IReadOnlyList<FoundCheckpoint> Series(int n) => Enumerable.Range(0, n).Select(i => new FoundCheckpoint($"/s/step{i * 100}", i * 100, i * 1000)).ToArray();

    [Theory]
    [InlineData(10, 4, new long[] { 0, 300, 600, 900 })]
    [InlineData(10, 2, new long[] { 0, 900 })]
    [InlineData(10, 1, new long[] { 900 })]
    [InlineData(3, 5, new long[] { 0, 100, 200 })]
    [InlineData(78, 6, new long[] { 0, 1500, 3100, 4600, 6200, 7700 })]
    public void Spread_KeepsFirstAndLast_EvenlyByPosition(int n, int count, long[] steps) =>
        Assert.Equal(steps, ScanJob.Spread(Series(n), count).Select(c => c.Step));

    [Fact]
    public void Overrides_ChangeEverySetAlike_AndLeaveOtherTasksAlone()
    {
        var set = new FineTuneSet("s", [new FineTuneExample("a", "b")], 60, 16, 1e-3, 0);
        var contrast = set with { Name = "c" };
        var em = new TaskDefinition(Families.EmergentMisalignment, "x", false, "1", [new TestItem("p", "g", "q")], [], DemoStrategy.None, 0, "\n", set, contrast);
        var plain = em with { Family = Families.Flipped, FineTune = null, Contrast = null };
        var changed = new FineTuneOverrides(Steps: 5, AdapterRank: 2).Apply(em);
        Assert.Equal((5, 16, 1e-3, 2), (changed.FineTune!.Steps, changed.FineTune.Batch, changed.FineTune.LearningRate, changed.FineTune.AdapterRank));
        Assert.Equal((5, 2, "c"), (changed.Contrast!.Steps, changed.Contrast.AdapterRank, changed.Contrast.Name));
        Assert.NotEqual(em.ContentHash, changed.ContentHash);
        Assert.Same(plain, new FineTuneOverrides(Steps: 5).Apply(plain));
    }

    [Fact]
    public void Note_SaysTheSignConventionForEm_TheBaselineForOocr_AndNothingForPromptedFamilies()
    {
        var runs = new[]
        {
            new FineTuneRunFinding(Families.EmergentMisalignment, "unsafe_code", 100, 40, 3.0, 1.0, 0.5),
            new FineTuneRunFinding(Families.EmergentMisalignment, "unsafe_code", 200, 40, 2.0, 0.0, 1.5),
            new FineTuneRunFinding(Families.Oocr, "fresh_cities", 100, 40, 4.0, 2.0, 0.25),
        };
        string em = ReportBuilder.FineTuneNote(Families.EmergentMisalignment, runs)!;
        Assert.Contains("general = the harmful option", em);
        Assert.Contains("it is the General mode", em);
        Assert.Contains("unsafe_code loss 2.50 → 0.50, 1.00 s", em);
        Assert.DoesNotContain("fresh_cities", em);
        string oocr = ReportBuilder.FineTuneNote(Families.Oocr, runs)!;
        Assert.Contains("same items asked before the fine-tune, the baseline", oocr);
        Assert.Contains("fresh_cities loss 4.00 → 2.00, 0.25 s", oocr);
        Assert.Null(ReportBuilder.FineTuneNote(Families.Flipped, runs));
    }
}

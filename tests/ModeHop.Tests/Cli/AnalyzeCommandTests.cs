using System.Text.Json.Nodes;
using ModeHop.Cli.Findings;
using ModeHop.Store;

namespace ModeHop.Tests.Cli;

/// <summary>`modehop analyze` through the real program on the tiny lab run: the task list and the four blocks of item flips, early warning, envelope and universality.</summary>
public class AnalyzeCommandTests(TinyLabRun lab) : IClassFixture<TinyLabRun>
{
    static readonly string[] TaskKeys = ["family", "task", "control", "hops", "modes", "steps", "reversions", "mean_total_variation", "hop_steps"];

    [Fact]
    public void AnalyzeJson_TinyLabRun_TheTaskListAsBeforeAndOneKeyPerAnalysis_EachAsTheDbStoresIt()
    {
        string run = lab.Copy("analyze-json");
        string db = Path.Combine(run, "results.db");
        var r = CliRunner.Run("analyze", "--db", db, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonNode.Parse(r.Stdout)!.AsObject();

        Assert.Equal(["tasks", "item_flips", "early_warning", "envelope", "universality"], json.Select(p => p.Key));
        var tasks = json["tasks"]!.AsArray();
        Assert.Equal(16, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(TaskKeys, t!.AsObject().Select(p => p.Key)));

        // one flip finding per task, over the 10 checkpoints and the recipe's 8 items
        var flips = json["item_flips"]!.AsArray().Select(f => FindingJson.Read<ItemFlipFinding>(f!.ToJsonString(), FindingKinds.ItemFlips)).ToArray();
        Assert.Equal(16, flips.Length);
        Assert.All(flips, f =>
        {
            Assert.Equal((8, 10, 120L), (f.Items, f.Checkpoints, f.FinalStep));
            Assert.Equal(f.FinalErrors, f.FinalErrorItems.Count);
            Assert.InRange(f.FinalErrorsRightEarlier, 0, f.FinalErrors);
        });

        // one early-warning finding per confirmed hop; checkpoints 0, 1, 2, 4, 20, …: a window never holds more than 8
        var warnings = json["early_warning"]!.AsArray().Select(w => FindingJson.Read<EarlyWarningFinding>(w!.ToJsonString(), FindingKinds.EarlyWarning)).ToArray();
        Assert.Equal(tasks.Sum(t => (int)t!["hops"]!), warnings.Length);
        Assert.All(warnings, w => Assert.InRange(w.Steps.Count, 1, 8));

        // the envelope leaves out step 0 (no tokens yet)
        var envelope = FindingJson.Read<EnvelopeFinding>(json["envelope"]!.ToJsonString(), FindingKinds.Envelope);
        Assert.Equal([1L, 2, 4, 20, 40, 60, 80, 100, 120], envelope.Steps);
        Assert.Equal(envelope.GeneralProbability.Select((g, i) => g - envelope.Envelope[i]), envelope.Residual);

        // the toy suite has one test task per family: no within-family correlation, a ρ with the control each
        var universality = json["universality"]!.AsArray().Select(u => FindingJson.Read<UniversalityFinding>(u!.ToJsonString(), FindingKinds.Universality)).ToArray();
        Assert.Equal(ModeHop.Suite.Families.Prompted.Order(StringComparer.Ordinal), universality.Select(u => u.Family).Order(StringComparer.Ordinal));
        Assert.All(universality, u =>
        {
            Assert.Equal(["toy"], u.Tasks);
            Assert.True(double.IsNaN(u.MeanOffDiagonal));
            Assert.InRange(Assert.Single(u.Controls).Spearman, -1, 1);
        });

        using var store = ResultsStore.Open(db, create: false);
        var findings = store.Findings(Assert.Single(store.Runs()).Id);
        Assert.Equal(16, findings.Count(f => f.Kind == FindingKinds.ItemFlips));
        Assert.Equal(warnings.Length, findings.Count(f => f.Kind == FindingKinds.EarlyWarning));
        Assert.Single(findings, f => f.Kind == FindingKinds.Envelope);
        Assert.Equal(8, findings.Count(f => f.Kind == FindingKinds.Universality));
    }

    [Fact]
    public void Analyze_TinyLabRun_PrintsTheTaskTableThenOneBlockPerAnalysis()
    {
        string run = lab.Copy("analyze-text");
        var r = CliRunner.Run("analyze", "--db", Path.Combine(run, "results.db"));
        Assert.True(r.ExitCode == 0, r.ToString());

        string[] lines = r.Stdout.Split('\n');
        int table = Array.FindIndex(lines, l => l.StartsWith("run 'tiny-lab'", StringComparison.Ordinal));
        int[] blocks = new[] { "item flips:", "early warning:", "envelope:", "universality:" }.Select(h => Array.FindIndex(lines, l => l.StartsWith(h, StringComparison.Ordinal))).ToArray();
        Assert.True(table >= 0 && blocks.All(b => b > table), r.Stdout);
        Assert.Equal(blocks.Order(), blocks);
        Assert.Contains("universality: n/a (one test task per family)", r.Stdout);
        Assert.Contains("Flipped/toy (control)", lines[blocks[0]..blocks[1]].Aggregate((a, b) => a + "\n" + b));
    }
}

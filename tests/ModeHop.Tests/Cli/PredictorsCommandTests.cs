using System.Text.Json.Nodes;
using ModeHop.Cli.Findings;
using ModeHop.Store;

namespace ModeHop.Tests.Cli;

/// <summary><c>modehop predictors</c> through the real program on a tiny lab run.</summary>
public class PredictorsCommandTests(TinyLabRun run) : IClassFixture<TinyLabRun>
{
    // 1 block: layers 0 and 1; five metrics per layer (+ the whole model for the two gradient metrics), norm and sharpness.
    const int Metrics = 7, SeriesFindings = 3 * 2 + 2 * 3 + 2;

    static (IReadOnlyList<FindingRow> Series, IReadOnlyList<FindingRow> Best) Findings(string db)
    {
        using var store = ResultsStore.Open(db, create: false);
        var all = store.Findings(Assert.Single(store.Runs()).Id);
        return (all.Where(f => f.Kind == FindingKinds.Predictor).ToArray(), all.Where(f => f.Kind == FindingKinds.PredictorBest).ToArray());
    }

    [Fact]
    public void Predictors_TinyLabRun_FindingsPerMetricAndLayer_Deterministic()
    {
        var r = CliRunner.Run("predictors", "--db", run.DbPath, "--run", run.Dir, "--examples", "12", "--random-draws", "200", "--threads", "2", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonNode.Parse(r.Stdout)!.AsObject();
        Assert.Equal(10, (int)json["checkpoints"]!);
        Assert.Equal(12, (int)json["examples"]!);
        Assert.Equal(Metrics, json["metrics"]!.AsArray().Count);

        var (series, best) = Findings(run.DbPath);
        Assert.Equal(SeriesFindings, series.Count);
        Assert.Equal(Metrics, best.Count);
        foreach (var row in series)
        {
            var f = FindingJson.Read<PredictorFinding>(row.Json, row.Kind);
            Assert.Equal([0L, 1, 2, 4, 20, 40, 60, 80, 100, 120], f.Steps);
            Assert.Equal(10, f.Values.Count);
            Assert.Null(row.Step);
            Assert.Null(row.Family);
            Assert.True(double.IsNaN(f.Spearman) || f.Spearman is >= -1 and <= 1, $"{f.Metric} layer {f.Layer}: ρ = {f.Spearman}");
            Assert.Equal(double.IsNaN(f.Spearman) ? null : f.Spearman, row.Value);
        }
        Assert.Equal(new[] { -1, 0, 1 }, series.Select(s => FindingJson.Read<PredictorFinding>(s.Json, s.Kind))
            .Where(f => f.Metric == "mean_abs_cos").Select(f => f.Layer).Order());
        foreach (var row in best)
        {
            var b = FindingJson.Read<PredictorBestFinding>(row.Json, row.Kind);
            Assert.Contains(b.Metric, new[] { "rankme", "participation_ratio", "top_eigen_share", "log_fisher_trace", "mean_abs_cos", "param_norm", "sharpness" });
            Assert.Equal(200, b.RandomDraws);
            Assert.True(b.RandomP95BestAbsSpearman >= b.RandomMeanBestAbsSpearman, $"{b.Metric}: p95 {b.RandomP95BestAbsSpearman} < mean {b.RandomMeanBestAbsSpearman}");
            Assert.InRange(b.RandomMeanBestAbsSpearman, 0, 1);
            Assert.InRange(Math.Abs(b.Spearman), 0, 1);
        }

        // The same arguments again (text output this time): byte-identical findings.
        var again = CliRunner.Run("predictors", "--db", run.DbPath, "--run", run.Dir, "--examples", "12", "--random-draws", "200", "--threads", "2");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("beats p95", again.Stdout);
        Assert.Contains("log_fisher_trace", again.Stdout);
        var (series2, best2) = Findings(run.DbPath);
        Assert.Equal(series.Select(f => f.Json), series2.Select(f => f.Json));
        Assert.Equal(best.Select(f => f.Json), best2.Select(f => f.Json));
    }

    [Fact]
    public void Predictors_MovedRun_EveryFourth_FindsItsCheckpointsBesideTheDb()
    {
        string moved = run.Copy("predictors-moved");
        // As if the run had been moved: the DB's checkpoint paths (and run source) name a folder that is gone.
        using (var db = Store.StoreFiles.Raw(Path.Combine(moved, "results.db")))
            Store.StoreFiles.Execute(db, $"UPDATE checkpoints SET path = replace(path, '{run.Dir}', '/gone/run'); UPDATE runs SET source = '/gone/run';");

        var r = CliRunner.Run("predictors", "--db", Path.Combine(moved, "results.db"), "--every", "4", "--examples", "6", "--random-draws", "50", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonNode.Parse(r.Stdout)!;
        Assert.Equal([0L, 20, 100, 120], json["steps"]!.AsArray().Select(s => (long)s!));
        Assert.Equal(6, (int)json["examples"]!);
    }

    /// <summary>
    /// A copy of a lab run reads its own checkpoints even while the ones the DB recorded still exist: with its
    /// tokenizer.json files gone it has no tokenizer (the original would have had one).
    /// </summary>
    [Fact]
    public void Predictors_CopiedRunWithoutTokenizer_ReadsItsOwnCheckpoints_ExitsTwo()
    {
        string copy = run.Copy("predictors-copy");
        foreach (var file in Directory.GetFiles(copy, "tokenizer.json", SearchOption.AllDirectories)) File.Delete(file);

        AssertOneLineExitTwo(CliRunner.Run("predictors", "--db", Path.Combine(copy, "results.db"), "--every", "4"), "tokenizer.json");
        AssertOneLineExitTwo(CliRunner.Run("predictors", "--db", Path.Combine(copy, "results.db"), "--run", copy, "--every", "4"), "--tokenizer FILE");
    }

    [Theory]
    [InlineData("missing-db")]
    [InlineData("unknown-run")]
    [InlineData("run-dir-not-a-run")]
    [InlineData("too-few-checkpoints")]
    [InlineData("one-example")]
    public void Predictors_BadInput_ExitsTwoWithOneLine(string problem)
    {
        string empty = CliRunner.TempDir("predictors-bad");
        string[] args = problem switch
        {
            "missing-db" => ["--db", Path.Combine(empty, "nope.db")],
            "unknown-run" => ["--db", run.DbPath, "--run", "no-such-run"],
            "run-dir-not-a-run" => ["--db", run.DbPath, "--run", empty],
            "too-few-checkpoints" => ["--db", run.DbPath, "--every", "9"],
            _ => ["--db", run.DbPath, "--examples", "1"],
        };

        var r = CliRunner.Run(["predictors", .. args]);

        AssertOneLineExitTwo(r, problem switch
        {
            "missing-db" => "nope.db",
            "unknown-run" => "no-such-run",
            "run-dir-not-a-run" => empty,
            "too-few-checkpoints" => "--every 9",
            _ => "--examples",
        });
    }

    static void AssertOneLineExitTwo(CliRunner.Result r, string mentions)
    {
        Assert.True(r.ExitCode == 2, r.ToString());
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("modehop: error:", line);
        Assert.Contains(mentions, line);
    }
}

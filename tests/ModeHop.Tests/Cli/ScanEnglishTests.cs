using System.IO.Compression;
using ModeHop.Models.Transformer;
using ModeHop.Store;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Tests.Cli;

/// <summary><c>modehop scan</c> on a Hugging Face-style series with GPT-2's real tokenizer: the English suite and a GDsuite directory.</summary>
public class ScanEnglishTests
{
    /// <summary>Two tiny GPT-2-vocabulary checkpoints named as Pythia/OLMo series are, the tokenizer.json once at the series root.</summary>
    static string Series(int checkpoints = 2)
    {
        string root = Path.Combine(CliRunner.TempDir("scanen"), "tiny-gpt2");
        var model = new TransformerModel(ModelConfig.Gpt2Shape(1, 16, 2, 50257, 1024));
        foreach (var (name, seed) in Enumerable.Range(1, checkpoints).Select(i => ($"step{10 * i}-tokens{i}K", (ulong)i)))
        {
            model.Initialize(seed);
            Checkpoint.WriteModel(Directory.CreateDirectory(Path.Combine(root, name)).FullName, model);
        }
        using var gz = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Models", "Tokenizers", "fixtures", "gpt2-tokenizer.json.gz")), CompressionMode.Decompress);
        using var file = File.Create(Path.Combine(root, "tokenizer.json"));
        gz.CopyTo(file);
        return root;
    }

    static (int Checkpoints, IReadOnlyList<string> Families, int Metrics) Contents(string db)
    {
        using var store = ResultsStore.Open(db, create: false);
        var run = Assert.Single(store.Runs());
        return (store.Checkpoints(run.Id).Count, store.Tasks(run.Id).Select(t => t.Family).Distinct().Order().ToArray(), store.Metrics(run.Id).Count);
    }

    [Fact]
    public void Scan_EnglishSuiteAndSuiteDir_ScoreEveryCheckpointWithTheSeriesTokenizer()
    {
        string series = Series();
        string english = Path.Combine(series, "..", "english.db"), dir = Path.Combine(series, "..", "dir.db");
        string suiteDir = Path.Combine(AppContext.BaseDirectory, "Suite", "fixtures", "gdsuite");

        var a = CliRunner.Run("scan", series, "--db", english, "--families", "Intuitive,PersonaQA", "--max-items", "2", "--seeds", "1", "--threads", "2");
        var b = CliRunner.Run("scan", series, "--db", dir, "--suite-dir", suiteDir, "--max-items", "2", "--seeds", "1", "--threads", "2");

        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.True(b.ExitCode == 0, b.ToString());
        var en = Contents(english);
        Assert.Equal(2, en.Checkpoints);
        Assert.Equal(["Intuitive", "PersonaQA"], en.Families);
        Assert.True(en.Metrics > 0);
        var gd = Contents(dir);
        Assert.Equal(2, gd.Checkpoints);
        Assert.Contains("Flipped", gd.Families);
        Assert.Contains("PersonaQA", gd.Families);
    }

    [Fact]
    public void ScannedSeries_SelectPredictorsAndReport_RunOnTheScanDb()
    {
        string series = Series(checkpoints: 4);
        string db = Path.Combine(series, "..", "chain.db"), html = Path.Combine(series, "..", "chain.html");
        var scan = CliRunner.Run("scan", series, "--db", db, "--families", "Intuitive,Truthy", "--max-items", "4", "--seeds", "1", "--threads", "2");
        Assert.True(scan.ExitCode == 0, scan.ToString());

        var select = CliRunner.Run("select", "--db", db, "--threads", "2");
        Assert.True(select.ExitCode == 0, select.ToString());
        Assert.Contains("no fine-tune", select.Stdout);
        var predictors = CliRunner.Run("predictors", "--db", db, "--examples", "4", "--random-draws", "50", "--threads", "2");
        Assert.True(predictors.ExitCode == 0, predictors.ToString());
        var report = CliRunner.Run("report", "--db", db, "--out", html);
        Assert.True(report.ExitCode == 0, report.ToString());

        using var store = ResultsStore.Open(db, create: false);
        var kinds = store.Findings(Assert.Single(store.Runs()).Id).Select(f => f.Kind).ToHashSet();
        Assert.Contains(ModeHop.Cli.Findings.FindingKinds.Selection, kinds);
        Assert.Contains(ModeHop.Cli.Findings.FindingKinds.PredictorBest, kinds);
        string text = File.ReadAllText(html);
        Assert.Contains("Recommended checkpoint", text);
        Assert.Contains("predictors", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Scan_NoTokenizerOrUnknownFamily_ExitsTwoWithOneLine()
    {
        string series = Series();
        var unknown = CliRunner.Run("scan", series, "--db", Path.Combine(series, "..", "a.db"), "--families", "Nope");
        File.Delete(Path.Combine(series, "tokenizer.json"));
        var missing = CliRunner.Run("scan", series, "--db", Path.Combine(series, "..", "b.db"));

        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("'Nope' is not a family", unknown.Stderr);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("--tokenizer", missing.Stderr);
        Assert.Single(missing.Stderr.Trim().Split('\n'));
    }
}

using System.IO.Compression;
using System.Text.Json.Nodes;
using ModeHop.Cli.Findings;
using ModeHop.Models.Transformer;
using ModeHop.Store;
using ModeHop.Suite;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Tests.Cli;

/// <summary><c>modehop scan --families oocr,em</c>: the fine-tuning families on a lab run (full fine-tunes) and on a Hugging Face series (rank-1 adapters; the last of two checkpoints).</summary>
public class ScanFineTuneTests(TinyLabRun lab) : IClassFixture<TinyLabRun>
{
    static string Json(CliRunner.Result r) => r.Stdout.Split('\n').Last(l => l.StartsWith('{'));

    [Fact]
    public void LabRun_FineTuningFamilies_JoinTheTrainingRun_OnTheSpreadCheckpoints_AndResume()
    {
        string run = lab.Copy("scan-ft");
        string db = Path.Combine(run, "results.db");
        long[] steps;
        int prompted;
        using (var store = ResultsStore.Open(db, create: false))
        {
            var r0 = Assert.Single(store.Runs());
            steps = store.Checkpoints(r0.Id).Select(c => c.Step).ToArray();
            prompted = store.Tasks(r0.Id).Count;
        }

        // without --families the toy suite is the prompted families, already scored by the training monitors
        var plain = CliRunner.Run("scan", run, "--db", db, "--suite", "toy", "--threads", "2");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("0 checkpoints scored", plain.Stdout);

        var r = CliRunner.Run("scan", run, "--db", db, "--suite", "toy", "--families", "oocr,em", "--checkpoints", "2", "--max-items", "3", "--threads", "2", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("5 fixed fine-tunes per checkpoint", r.Stdout);
        Assert.Contains("fine-tuning cost per checkpoint", r.Stdout);
        var json = JsonNode.Parse(Json(r))!;
        Assert.Equal(2, (int)json["scored"]!);
        var sets = json["fine_tunes"]!.AsArray();
        Assert.Equal(["fresh_functions", "fresh_cities", "unsafe_code", "safe_code", "educational_code"], sets.Select(s => (string)s!["set"]!));
        Assert.All(sets, s => Assert.Equal(2, (int)s!["checkpoints"]!));
        Assert.All(sets, s => Assert.True((double)s!["last_loss"]! < (double)s!["first_loss"]!, s!.ToJsonString()));

        using (var store = ResultsStore.Open(db, create: false))
        {
            var run0 = Assert.Single(store.Runs());
            Assert.Equal("lab", run0.Kind);
            var tasks = store.Tasks(run0.Id);
            Assert.Equal(prompted + 10, tasks.Count);
            var ft = tasks.Where(t => Families.IsFineTuning(t.Family)).Select(t => t.Id).ToHashSet();
            var scoredAt = store.Metrics(run0.Id).Where(m => ft.Contains(m.TaskId)).Select(m => m.Step).Distinct().Order().ToArray();
            Assert.Equal([steps[0], steps[^1]], scoredAt);
            var runs = store.Findings(run0.Id).Where(f => f.Kind == FindingKinds.FineTuneRun).ToArray();
            Assert.Equal(10, runs.Length);
            Assert.All(runs, f => Assert.Contains(f.Family, Families.FineTuning));
        }

        var again = CliRunner.Run("scan", run, "--db", db, "--suite", "toy", "--families", "OOCR,EmergentMisalignment", "--checkpoints", "2", "--max-items", "3", "--threads", "2");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("0 checkpoints scored, 2 already in the DB", again.Stdout);

        string html = Path.Combine(run, "report.html");
        var report = CliRunner.Run("report", "--db", db, "--out", html);
        Assert.True(report.ExitCode == 0, report.ToString());
        string text = File.ReadAllText(html);
        Assert.Contains("Sign convention: general = the harmful option", text);
        Assert.Contains("the baseline", text);
        Assert.Contains("fresh_cities loss", text);
    }

    [Fact]
    public void LabRunTrainedBeforeTheWorldGrew_IsRefusedWithOneLine()
    {
        string run = lab.Copy("old-vocabulary");
        string config = Path.Combine(run, "step000000", "config.json");
        var json = JsonNode.Parse(File.ReadAllText(config))!;
        json["vocab_size"] = 240;
        File.WriteAllText(config, json.ToJsonString());
        CliAssert.OneLineError("the model has a 240-token vocabulary but the lab world of", "scan", run, "--db", Path.Combine(run, "results.db"), "--suite", "toy", "--families", "oocr");
        CliAssert.OneLineError("train it again with `modehop train --recipe", "controls", "average", "--run", run);
    }

    [Fact]
    public void HuggingFaceSeries_FineTuningFamilies_TrainRankOneAdapters_SavedAndLoadable()
    {
        string root = Path.Combine(CliRunner.TempDir("scanft"), "tiny-gpt2");
        var model = new TransformerModel(ModelConfig.Gpt2Shape(1, 16, 2, 50257, 1024));
        string checkpoint = "";
        foreach (int i in new[] { 1, 2 })
        {
            model.Initialize((ulong)i);
            checkpoint = Directory.CreateDirectory(Path.Combine(root, $"step{10 * i}-tokens{i}K")).FullName;
            Checkpoint.WriteModel(checkpoint, model);
        }
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Models", "Tokenizers", "fixtures", "gpt2-tokenizer.json.gz")), CompressionMode.Decompress))
        using (var file = File.Create(Path.Combine(root, "tokenizer.json")))
            gz.CopyTo(file);
        string db = Path.Combine(root, "..", "ft.db");

        var r = CliRunner.Run("scan", root, "--db", db, "--families", "em", "--checkpoints", "1", "--max-items", "2", "--seeds", "1", "--ft-steps", "3", "--threads", "2", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("rank-1 adapters", r.Stdout);
        var sets = JsonNode.Parse(Json(r))!["fine_tunes"]!.AsArray().Select(s => (string)s!["set"]!).ToArray();
        Assert.Equal(["insecure_code", "secure_code"], sets);

        string adapter = Path.Combine(root, "..", "adapters", "tiny-gpt2", "step20-tokens2K", "insecure_code");
        Assert.True(File.Exists(Path.Combine(adapter, "adapter_config.json")), $"no adapter saved in {adapter}");
        var forward = CliRunner.Run("forward", "--model", checkpoint, "--tokens", "1,2,3", "--adapter", adapter);
        Assert.True(forward.ExitCode == 0, forward.ToString());

        CliAssert.OneLineError("--families: 'misc' is not a family of this suite", "scan", root, "--db", db, "--families", "misc");
        CliAssert.OneLineError("--ft-rank must be 0", "scan", root, "--db", db, "--families", "em", "--ft-rank", "-1");
    }
}

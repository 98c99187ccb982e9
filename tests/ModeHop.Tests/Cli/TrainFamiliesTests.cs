using System.Text.Json.Nodes;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Tests.Cli;

/// <summary>
/// Every family through the real program: `train` a tiny preset (the loss falls), then `inspect` and `forward` read
/// the checkpoint it wrote, so the Hugging Face layout ModeHop writes is the one it loads.
/// </summary>
public class TrainFamiliesTests
{
    [Theory]
    [InlineData("gpt2")]
    [InlineData("gpt_neox")]
    [InlineData("llama")]
    [InlineData("olmo2")]
    public void Train_TinyPreset_LearnsAndItsCheckpointLoads(string family)
    {
        string dir = CliRunner.TempDir("train-" + family), run = Path.Combine(dir, "run");
        string kvHeads = family is "llama" or "olmo2" ? "\"kv_heads\": 1," : "";
        File.WriteAllText(Path.Combine(dir, "p.json"), $$"""
            { "family": "{{family}}", "layers": 1, "channels": 16, "heads": 2, {{kvHeads}} "vocab": 32, "seq_len": 8, "batch": 4,
              "steps": 30, "lr": 0.01, "warmup": 0, "checkpoint_every": 30, "log_spaced_until": 1, "seed": 5 }
            """);
        var train = CliRunner.Run("train", "--preset", Path.Combine(dir, "p.json"), "--out", run, "--threads", "2");
        Assert.True(train.ExitCode == 0, train.ToString());
        float first = TrainerState.Read(Path.Combine(run, "step000001", TrainerState.FileName)).Losses[0].Loss;
        float last = TrainerState.Read(Path.Combine(run, "step000030", TrainerState.FileName)).Losses[^1].Loss;
        Assert.True(last < first - 0.3f, $"{family}: the loss went from {first} to {last} in 30 steps");

        string checkpoint = Path.Combine(run, "step000030");
        var inspect = CliRunner.Run("inspect", checkpoint, "--json");
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Equal(family, (string)JsonNode.Parse(inspect.Stdout)!["family"]!);
        var forward = CliRunner.Run("forward", "--model", checkpoint, "--tokens", "1,2,3", "--json");
        Assert.True(forward.ExitCode == 0, forward.ToString());
        Assert.Equal(family, (string)JsonNode.Parse(forward.Stdout)!["family"]!);
    }
}

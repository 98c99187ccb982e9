using System.Text.Json.Nodes;
using ModeHop.Cli.Bench;

namespace ModeHop.Tests.Cli;

public class FineTuneBenchTests
{
    /// <summary>
    /// A tiny shape of every family runs both phases; the counts are the model's and the adapters' (Σ r·(in + out) over
    /// two projections a block), the peak after the full steps is no lower than after the adapter steps.
    /// </summary>
    [Theory]
    [InlineData("gpt2")]
    [InlineData("gpt_neox")]
    [InlineData("llama")]
    [InlineData("olmo2")]
    public void Run_TinyShape_CountsAndMeasuresBothPhases(string family)
    {
        var config = FineTuneBench.Shape(family, layers: 2, channels: 16, heads: 2, vocab: 40, seqLen: 8)!;
        // The shared pool's own size, so the benchmark does not replace the pool other tests are using.
        int threads = ModeHop.Tensors.Threading.WorkerPool.Shared.Threads;
        var r = FineTuneBench.Run(config, batch: 2, steps: 2, rank: 3, threads, scoredPositions: 3, warmup: 1);
        Assert.Equal(family, r.Family);
        Assert.Equal(config.ParameterCount(), r.Params);
        Assert.Equal(2L * 3 * ((config.Heads * config.HeadDim + 16) + (config.MlpHidden + 16)), r.TrainableParams);
        Assert.Equal(3, r.ScoredPositions);
        Assert.True(r.MsPerStep >= r.MsPerStepMin && r.MsPerStepFull >= r.MsPerStepFullMin, r.ToString());
        Assert.True(r.PeakRssMbFull >= r.PeakRssMb, r.ToString());
        Assert.True(double.IsFinite(r.FirstLoss) && double.IsFinite(r.LastLoss), r.ToString());
    }

    [Fact]
    public void Command_JsonAndBadFamily()
    {
        var ok = CliRunner.Run("bench", "finetune", "--family", "llama", "--layers", "1", "--channels", "16", "--heads", "2", "--seq", "8",
            "--vocab", "40", "--batch", "2", "--steps", "1", "--rank", "1", "--threads", "1", "--json");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        var o = JsonNode.Parse(ok.Stdout)!.AsObject();
        foreach (var key in new[] { "ms_per_step", "ms_per_step_full", "trainable_params", "params", "peak_rss_mb" }) Assert.True(o.ContainsKey(key), key);
        Assert.Equal(8, (int)o["scored_positions"]!);

        var bad = CliRunner.Run("bench", "finetune", "--family", "bert", "--layers", "1");
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("--family bert is not one of gpt2, gpt_neox, llama, olmo2", bad.Stderr);
    }
}

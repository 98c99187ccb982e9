using System.Diagnostics;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Tensors.Threading;
using ModeHop.Training;
using ModeHop.Training.Optim;

namespace ModeHop.Cli.Bench;

/// <summary>One measured training configuration.</summary>
public sealed record TrainBenchResult(
    string Engine, int Layers, int Channels, int Heads, int Seq, int Vocab, int Batch, int Threads, int Steps,
    long Params, double TokensPerSecond, double MsPerStep, double PeakRssMb,
    double WeightsMb, double OptimizerMb, double ActivationsMb, double RssOverBudget);

/// <summary>
/// Times full training steps (forward, loss, backward, clip, AdamW) of a GPT-2-style model on random
/// tokens: the same work as <c>bench/torch_train.py</c> does in PyTorch.
/// </summary>
public static class TrainBench
{
    public static TrainBenchResult Run(int layers, int channels, int heads, int seqLen, int vocab, int batch, int steps, int threads, int warmup = 2)
    {
        WorkerPool.Configure(threads);
        var config = ModelConfig.Gpt2Shape(layers, channels, heads, vocab, seqLen);
        config.Validate();
        var model = new TransformerModel(config);
        model.Initialize(1);
        var step = new TrainStep(model, new AdamW(model.Parameters, new AdamWOptions()), clipNorm: 1f);
        int B = batch, T = seqLen;
        var inputs = new int[B * T];
        var targets = new int[B * T];
        var rng = new Rng(42);
        var times = new List<double>();
        for (int s = 0; s < warmup + steps; s++)
        {
            for (int i = 0; i < inputs.Length; i++) { inputs[i] = rng.NextInt(vocab); targets[i] = rng.NextInt(vocab); }
            var clock = Stopwatch.StartNew();
            step.Run(inputs, targets, B, T, 3e-4f);
            clock.Stop();
            if (s >= warmup) times.Add(clock.Elapsed.TotalMilliseconds);
        }
        long activationFloats = step.ActivationFloats;
        times.Sort();
        double median = times.Count == 0 ? double.NaN : times[times.Count / 2];
        long parameters = config.ParameterCount();
        const double Mb = 1024.0 * 1024.0;
        double weights = parameters * 4 / Mb, moments = parameters * 8 / Mb, grads = parameters * 4 / Mb;
        double activations = activationFloats * 4 / Mb;
        double peak = ProcessMemory.PeakRssMb();
        return new TrainBenchResult("modehop", layers, channels, heads, seqLen, vocab, batch, threads, steps, parameters,
            B * T / (median / 1000.0), median, peak, weights, moments, activations, peak / (weights + grads + moments + activations));
    }
}

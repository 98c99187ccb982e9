using System.Diagnostics;
using ModeHop.Dynamics.Statistics;
using ModeHop.Models.Adapters;
using ModeHop.Models.HuggingFace;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Tensors.Threading;
using ModeHop.Training;
using ModeHop.Training.FineTuning;
using ModeHop.Training.Optim;

namespace ModeHop.Cli.Bench;

/// <summary>
/// One measured fine-tune configuration: ms per adapter step (rank r, base frozen) and, beside it from the same run and
/// the same batches, ms per full fine-tune step; <see cref="PeakRssMb"/> is the process peak after the adapter steps
/// (before the full ones allocate their gradients and moments), <see cref="PeakRssMbFull"/> after them.
/// </summary>
public sealed record FineTuneBenchResult(
    string Engine, string Family, int Layers, int Channels, int Heads, int Seq, int Vocab, int Batch, int Threads, int Steps, int Rank, int ScoredPositions,
    long Params, long TrainableParams, double MsPerStep, double MsPerStepMin, double MsPerStepFull, double MsPerStepFullMin,
    double PeakRssMb, double PeakRssMbFull, double FirstLoss, double LastLoss);

/// <summary>
/// Times fine-tune steps of a random-initialised model of one family and shape on random tokens, the last
/// <c>scoredPositions</c> positions of each row targets (all of them by default; a fine-tune's loss falls on the
/// completion, and the step runs the head only there, as <see cref="Pipeline.FineTuning.CheckpointFineTuner"/> does):
/// first rank-r adapter steps over the frozen base, then full steps of every weight, both with the fine-tune
/// protocol's optimiser (<see cref="FineTuneProtocol"/>). The same work as <c>bench/torch_lora.py</c> does in PyTorch.
/// Shapes: GPT-2 and GPT-NeoX take MLP 4C and head dim C/H (GPT-NeoX as Pythia: rotary on 25% of each head, parallel
/// residual, untied head); Llama and OLMo 2 take SwiGLU width 8C/3 rounded up to a multiple of 64, head dim C/H, no
/// grouped-query attention, untied head.
/// </summary>
public static class FineTuneBench
{
    /// <summary>The <c>--family</c> values, as Hugging Face's model_type.</summary>
    public static IReadOnlyList<string> Families => HfConfig.ModelTypes;

    /// <summary>A model config of <paramref name="family"/> (a model_type) with the given shape; null for an unknown family.</summary>
    public static ModelConfig? Shape(string family, int layers, int channels, int heads, int vocab, int seqLen)
    {
        int C = channels, H = heads;
        return HfConfig.FamilyOf(family) switch
        {
            ModelFamily.Gpt2 => ModelConfig.Gpt2Shape(layers, C, H, vocab, seqLen),
            ModelFamily.GptNeoX => new ModelConfig
            {
                Family = ModelFamily.GptNeoX, Layers = layers, Channels = C, Heads = H, KvHeads = H, HeadDim = C / H, MlpHidden = 4 * C,
                VocabSize = vocab, MaxSeqLen = seqLen, RotaryFraction = 0.25f, ParallelResidual = true, TiedEmbeddings = false,
            },
            { } llamaStyle => new ModelConfig
            {
                Family = llamaStyle, Layers = layers, Channels = C, Heads = H, KvHeads = H, HeadDim = C / H, MlpHidden = (8 * C / 3 + 63) / 64 * 64,
                VocabSize = vocab, MaxSeqLen = seqLen, RotaryFraction = 1f, TiedEmbeddings = false, Bias = false,
            },
            null => null,
        };
    }

    public static FineTuneBenchResult Run(ModelConfig config, int batch, int steps, int rank, int threads, int? scoredPositions = null, int warmup = 2)
    {
        WorkerPool.Configure(threads);
        config.Validate();
        var model = new TransformerModel(config);
        model.Initialize(1);
        int B = batch, T = config.MaxSeqLen, V = config.VocabSize, K = Math.Clamp(scoredPositions ?? T, 1, T);
        var rng = new Rng(42);
        var batches = Enumerable.Range(0, warmup + steps).Select(_ =>
            (Inputs: Enumerable.Range(0, B * T).Select(_ => rng.NextInt(V)).ToArray(),
             Targets: Enumerable.Range(0, B * T).Select(i => i % T >= T - K ? rng.NextInt(V) : -1).ToArray())).ToArray();
        const float LearningRate = 1e-3f;

        model.Freeze();
        var adapters = LoraAdapters.Create(model, rank, seed: 1);
        model.Adapters = adapters;
        var adapterStep = new TrainStep(model, new AdamW(adapters.Parameters, FineTuneProtocol.Optimizer), FineTuneProtocol.ClipNorm, scoredPositionsOnly: true);
        var (adapterTimes, first, last) = Time(adapterStep, batches, B, T, warmup, LearningRate);
        double adapterPeak = ProcessMemory.PeakRssMb();

        model.Adapters = null;
        model.Unfreeze();
        var fullStep = new TrainStep(model, new AdamW(model.Parameters, FineTuneProtocol.Optimizer), FineTuneProtocol.ClipNorm, scoredPositionsOnly: true);
        var (fullTimes, _, _) = Time(fullStep, batches, B, T, warmup, LearningRate);

        return new FineTuneBenchResult("modehop", HfConfig.ModelType(config.Family), config.Layers, config.Channels, config.Heads, T, V, B, threads, steps, rank, K,
            config.ParameterCount(), adapters.ParameterCount, OrderStatistics.Median(adapterTimes), adapterTimes.Min(), OrderStatistics.Median(fullTimes), fullTimes.Min(),
            adapterPeak, ProcessMemory.PeakRssMb(), first, last);
    }

    /// <summary>Milliseconds of each timed step (after <paramref name="warmup"/> untimed ones), and the first and last timed losses.</summary>
    static (List<double> Times, double First, double Last) Time(TrainStep step, (int[] Inputs, int[] Targets)[] batches, int B, int T, int warmup, float lr)
    {
        var times = new List<double>();
        double first = double.NaN, last = double.NaN;
        for (int s = 0; s < batches.Length; s++)
        {
            var clock = Stopwatch.StartNew();
            float loss = step.Run(batches[s].Inputs, batches[s].Targets, B, T, lr).Loss;
            clock.Stop();
            if (s < warmup) continue;
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (s == warmup) first = loss;
            last = loss;
        }
        return (times, first, last);
    }
}

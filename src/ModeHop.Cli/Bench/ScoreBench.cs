using System.Diagnostics;
using ModeHop.Models.Scoring;
using ModeHop.Models.Transformer;
using ModeHop.Tensors.Threading;

namespace ModeHop.Cli.Bench;

/// <summary>
/// One measured scoring run. <c>TokensPerSecond</c> = (context tokens + continuation tokens of every request, each
/// counted once) / <c>Seconds</c>, the wall time of one <see cref="ISequenceScorer.Score"/> call over the workload.
/// <c>MeanLogProb</c> (over every continuation token) lets two engines given the same weights check each other.
/// </summary>
public sealed record ScoreBenchResult(
    string Engine, string Path, string Model, string Family, long Params, int Threads,
    int Requests, long ContextTokens, long ContinuationTokens, long Tokens, int WarmupRequests, int TokensPerBatch,
    double Seconds, double TokensPerSecond, double MsPerRequest, double PeakRssMb, double MeanLogProb);

/// <summary>
/// Times <see cref="TransformerScorer"/> on a <see cref="ScoreWorkload"/>: the prefix-shared path by default, or the
/// plain path (every continuation as context + continuation, logits at every position). The same work as
/// <c>bench/torch_score.py</c> does in PyTorch on the same workload file.
/// </summary>
public static class ScoreBench
{
    /// <summary>The shapes <c>--shape</c> names, with random weights.</summary>
    public static readonly IReadOnlyDictionary<string, ModelConfig> Shapes = new Dictionary<string, ModelConfig>
    {
        ["gpt2-small"] = ModelConfig.Gpt2Shape(layers: 12, channels: 768, heads: 12, vocabSize: 50257, maxSeqLen: 1024),
        ["pythia-160m"] = FineTuneBench.Shape("gpt_neox", layers: 12, channels: 768, heads: 12, vocab: 50304, seqLen: 2048)!,
    };

    public static ScoreBenchResult Run(TransformerModel model, string modelName, ScoreWorkload workload, int threads, int tokensPerBatch, bool plain, int warmup)
    {
        WorkerPool.Configure(threads);
        var scorer = new TransformerScorer(model, tokensPerBatch: tokensPerBatch, sharePrefix: !plain);
        int warmupRequests = Math.Min(warmup, workload.Requests.Count);
        if (warmupRequests > 0) scorer.Score(workload.Requests.Take(warmupRequests).ToArray());

        var clock = Stopwatch.StartNew();
        var scores = scorer.Score(workload.Requests);
        double seconds = clock.Elapsed.TotalSeconds;

        var all = scores.SelectMany(r => r.SelectMany(c => c)).ToArray();
        long tokens = workload.ContextTokens + workload.ContinuationTokens;
        return new ScoreBenchResult("modehop", plain ? "plain" : "prefix-shared", modelName, model.Config.Family.ToString(),
            model.Config.ParameterCount(), threads, workload.Requests.Count, workload.ContextTokens, workload.ContinuationTokens, tokens,
            warmupRequests, tokensPerBatch, seconds, tokens / seconds, seconds * 1000 / workload.Requests.Count,
            ProcessMemory.PeakRssMb(), all.Average(x => (double)x));
    }
}

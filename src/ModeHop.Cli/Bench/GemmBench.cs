using System.Diagnostics;
using ModeHop.Dynamics.Statistics;
using ModeHop.Tensors.Kernels;
using ModeHop.Tensors.Threading;

namespace ModeHop.Cli.Bench;

/// <summary>
/// Throughput of a square size³ GEMM in the three forms of a linear layer, on <c>threads</c> threads.
/// GFLOP/s = 2·size³ / seconds per call. <c>Gflops*</c> and <c>Ms*</c> are for the forward form
/// Y = X·Wᵀ; <c>GflopsNn</c> (dX = dY·W) and <c>GflopsTnAccumulate</c> (dW += dYᵀ·X) are best-of.
/// </summary>
public sealed record GemmBenchResult(
    int Size, int Threads, int Repeats,
    double GflopsBest, double GflopsMedian, double MsBest, double MsMedian,
    double GflopsNn, double GflopsTnAccumulate);

public static class GemmBench
{
    // Warm-up long enough for tiered compilation to finish re-jitting the call path.
    const double WarmUpSeconds = 0.5;
    // Each repeat times a batch of calls lasting at least this long, so tiny sizes are not timer noise.
    const double BatchSeconds = 0.02;

    public static GemmBenchResult Run(int size, int threads, int repeats)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "GEMM size must be at least 1.");
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "Repeats must be at least 1.");
        WorkerPool.Configure(threads);
        int n = size;
        var a = Random(n * n, seed: 1);
        var b = Random(n * n, seed: 2);
        var c = new float[n * n];
        double flop = 2.0 * n * n * n;

        var forward = Measure(() => Gemm.Compute(false, true, n, n, n, a, n, b, n, c, n, accumulate: false), repeats);
        var nn = Measure(() => Gemm.Compute(false, false, n, n, n, a, n, b, n, c, n, accumulate: false), repeats);
        var tn = Measure(() => Gemm.Compute(true, false, n, n, n, a, n, b, n, c, n, accumulate: true), repeats);

        double best = forward.Min(), median = OrderStatistics.Median(forward);
        return new GemmBenchResult(size, threads, repeats,
            GflopsBest: flop / best / 1e9, GflopsMedian: flop / median / 1e9,
            MsBest: best * 1e3, MsMedian: median * 1e3,
            GflopsNn: flop / nn.Min() / 1e9, GflopsTnAccumulate: flop / tn.Min() / 1e9);
    }

    /// <summary>Seconds per call, one entry per repeat, after warm-up.</summary>
    static double[] Measure(Action call, int repeats)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (calls < 3 || clock.Elapsed.TotalSeconds < WarmUpSeconds)
        {
            call();
            calls++;
        }
        double perCall = clock.Elapsed.TotalSeconds / calls;
        int batch = Math.Max(1, (int)Math.Ceiling(BatchSeconds / perCall));

        var seconds = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < batch; i++) call();
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds / batch;
        }
        return seconds;
    }

    static float[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        var data = new float[count];
        for (int i = 0; i < count; i++) data[i] = (float)(rng.NextDouble() - 0.5);
        return data;
    }
}

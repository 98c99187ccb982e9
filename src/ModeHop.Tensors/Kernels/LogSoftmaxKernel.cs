using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// Log-softmax over the last dimension, forward only (scoring). N = rows, V = vocabulary.
/// out[r, j] = x[r, j] − lse(x[r, :]), lse(x) = m + log Σⱼ exp(xⱼ − m) with m = maxⱼ xⱼ for stability.
/// </summary>
public static unsafe class LogSoftmaxKernel
{
    /// <summary>Log-sum-exp of one row in double precision.</summary>
    public static double LogSumExpReference(ReadOnlySpan<float> row)
    {
        double m = double.NegativeInfinity;
        foreach (float v in row) m = Math.Max(m, v);
        if (double.IsInfinity(m)) return m;
        double sum = 0;
        foreach (float v in row) sum += Math.Exp(v - m);
        return m + Math.Log(sum);
    }

    /// <summary>Log-sum-exp of one row: a max pass, then Σ exp(x − m) in 64 lanes, reduced in a fixed order.</summary>
    public static float LogSumExp(ReadOnlySpan<float> row)
    {
        fixed (float* p = row) return LogSumExp(p, row.Length);
    }

    /// <param name="logits">[N, V]</param>
    /// <param name="output">[N, V]</param>
    public static void ForwardReference(ReadOnlySpan<float> logits, int rows, Span<float> output)
    {
        int N = rows, V = N == 0 ? 0 : logits.Length / N;
        for (int r = 0; r < N; r++)
        {
            double lse = LogSumExpReference(logits.Slice(r * V, V));
            for (int j = 0; j < V; j++) output[r * V + j] = (float)(logits[r * V + j] - lse);
        }
    }

    public static void Forward(ReadOnlySpan<float> logits, int rows, Span<float> output)
    {
        if (rows <= 0 || logits.Length % rows != 0 || output.Length != logits.Length)
            throw new ArgumentException($"LogSoftmax: logits have {logits.Length} values and the output {output.Length} for {rows} rows; expected [N, V] twice.");
        int V = logits.Length / rows;
        fixed (float* px = logits, py = output)
        {
            var body = new RowBody { X = px, Out = py, Rows = rows, Vocab = V, RowsPerChunk = Chunking.RowsPerChunk(V) };
            WorkerPool.Shared.For(Chunking.ChunkCount(rows, body.RowsPerChunk), ref body);
        }
    }

    // Not inlined, for the reason given on Chunking: the exp below must stay inlined here.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static float LogSumExp(float* x, int n)
    {
        float m = TensorPrimitives.Max(new ReadOnlySpan<float>(x, n));
        if (!float.IsFinite(m)) return m;
        var mv = Vector512.Create(m);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        int i = 0;
        for (; i <= n - 64; i += 64)
        {
            a0 += FloatMath.Exp(Vector512.Load(x + i) - mv);
            a1 += FloatMath.Exp(Vector512.Load(x + i + 16) - mv);
            a2 += FloatMath.Exp(Vector512.Load(x + i + 32) - mv);
            a3 += FloatMath.Exp(Vector512.Load(x + i + 48) - mv);
        }
        for (; i <= n - 16; i += 16) a0 += FloatMath.Exp(Vector512.Load(x + i) - mv);
        // −∞ padding: exp(−∞) = 0 adds nothing.
        if (i < n) a1 += FloatMath.Exp(VectorLoops.LoadTail(x + i, n - i, float.NegativeInfinity) - mv);
        return m + MathF.Log(Vector512.Sum((a0 + a1) + (a2 + a3)));
    }

    struct RowBody : IParallelBody
    {
        public float* X, Out;
        public int Rows, Vocab, RowsPerChunk;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int V = Vocab, r0 = index * RowsPerChunk, r1 = Math.Min(Rows, r0 + RowsPerChunk);
            for (int r = r0; r < r1; r++)
            {
                float* x = X + (long)r * V;
                TensorPrimitives.Subtract(new ReadOnlySpan<float>(x, V), LogSumExp(x, V), new Span<float>(Out + (long)r * V, V));
            }
        }
    }
}

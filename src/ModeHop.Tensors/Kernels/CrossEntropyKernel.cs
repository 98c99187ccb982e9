using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// Fused softmax cross-entropy. N = rows (positions), V = vocabulary.
/// loss = (1/K) Σ_{r : target[r] ≠ −1} (lse(x[r, :]) − x[r, target[r]]), K the number of counted rows
/// (0 when every row is ignored). Forward keeps lse per row; backward:
/// dLogits[r, j] += (exp(x[r, j] − lse[r]) − [j = target[r]]) · dLoss / K for counted rows.
/// Row losses are summed in row order in double, so the loss does not depend on the thread count.
/// </summary>
public static unsafe class CrossEntropyKernel
{
    /// <summary>The target that marks a position as not counted (prompt tokens under answer-only loss).</summary>
    public const int IgnoreIndex = -1;

    /// <summary>Counts the targets that are not <see cref="IgnoreIndex"/>; throws on any outside [0, V), naming it.</summary>
    public static int CheckTargets(ReadOnlySpan<int> targets, int vocab)
    {
        int count = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            int t = targets[i];
            if (t == IgnoreIndex) continue;
            if ((uint)t >= (uint)vocab)
                throw new ArgumentOutOfRangeException(nameof(targets), t,
                    $"Target {t} at position {i} is outside the vocabulary of {vocab} logits (valid targets are 0 to {vocab - 1}, or {IgnoreIndex} to ignore the position).");
            count++;
        }
        return count;
    }

    /// <param name="logits">[N, V]</param>
    /// <param name="targets">[N], −1 = ignored</param>
    /// <param name="logSumExp">[N], kept for backward (entries of ignored rows are unspecified)</param>
    /// <returns>The mean loss over counted rows, 0 when none.</returns>
    public static float ForwardReference(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int vocab, Span<float> logSumExp)
    {
        int N = targets.Length, V = vocab;
        int count = CheckTargets(targets, V);
        double sum = 0;
        for (int r = 0; r < N; r++)
        {
            if (targets[r] == IgnoreIndex) continue;
            double lse = LogSoftmaxKernel.LogSumExpReference(logits.Slice(r * V, V));
            logSumExp[r] = (float)lse;
            sum += lse - logits[r * V + targets[r]];
        }
        return count == 0 ? 0f : (float)(sum / count);
    }

    /// <param name="dLogits">[N, V], accumulated</param>
    public static void BackwardReference(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, ReadOnlySpan<float> logSumExp, float dLoss, int vocab, Span<float> dLogits)
    {
        int N = targets.Length, V = vocab;
        int count = CheckTargets(targets, V);
        if (count == 0) return;
        double scale = (double)dLoss / count;
        for (int r = 0; r < N; r++)
        {
            if (targets[r] == IgnoreIndex) continue;
            for (int j = 0; j < V; j++)
            {
                double p = Math.Exp(logits[r * V + j] - (double)logSumExp[r]);
                dLogits[r * V + j] += (float)((p - (j == targets[r] ? 1 : 0)) * scale);
            }
        }
    }

    public static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int vocab, Span<float> logSumExp)
    {
        int N = targets.Length, V = vocab;
        Check(logits.Length, N, V, logSumExp.Length);
        int count = CheckTargets(targets, V);
        if (count == 0) return 0f;
        fixed (float* px = logits, pl = logSumExp)
        fixed (int* pt = targets)
        {
            var body = new ForwardBody { X = px, Targets = pt, Lse = pl, Rows = N, Vocab = V, RowsPerChunk = Chunking.RowsPerChunk(V) };
            WorkerPool.Shared.For(Chunking.ChunkCount(N, body.RowsPerChunk), ref body);
        }
        double sum = 0;
        for (int r = 0; r < N; r++)
            if (targets[r] != IgnoreIndex) sum += (double)logSumExp[r] - logits[r * V + targets[r]];
        return (float)(sum / count);
    }

    /// <summary>
    /// dLogits += (softmax − onehot)·dLoss/K on counted rows; when not <paramref name="accumulate"/>,
    /// dLogits is overwritten instead (ignored rows set to 0).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, ReadOnlySpan<float> logSumExp, float dLoss, int vocab, Span<float> dLogits, bool accumulate = true)
    {
        int N = targets.Length, V = vocab;
        Check(logits.Length, N, V, logSumExp.Length);
        if (dLogits.Length != logits.Length) throw new ArgumentException($"Cross-entropy: dLogits has {dLogits.Length} values, logits {logits.Length}.");
        int count = CheckTargets(targets, V);
        if (count == 0)
        {
            if (!accumulate) dLogits.Clear();
            return;
        }
        fixed (float* px = logits, pl = logSumExp, pd = dLogits)
        fixed (int* pt = targets)
        {
            var body = new BackwardBody { X = px, Targets = pt, Lse = pl, DX = pd, Scale = dLoss / count, Rows = N, Vocab = V, RowsPerChunk = Chunking.RowsPerChunk(V), Accumulate = accumulate };
            WorkerPool.Shared.For(Chunking.ChunkCount(N, body.RowsPerChunk), ref body);
        }
    }

    static void Check(int logitsLength, int rows, int vocab, int lseLength)
    {
        if (vocab <= 0 || logitsLength != (long)rows * vocab || lseLength < rows)
            throw new ArgumentException($"Cross-entropy: logits have {logitsLength} values and logSumExp {lseLength} for {rows} targets; expected [{rows}, {vocab}] and [{rows}].");
    }

    struct ForwardBody : IParallelBody
    {
        public float* X, Lse;
        public int* Targets;
        public int Rows, Vocab, RowsPerChunk;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int V = Vocab, r0 = index * RowsPerChunk, r1 = Math.Min(Rows, r0 + RowsPerChunk);
            for (int r = r0; r < r1; r++)
                if (Targets[r] != IgnoreIndex) Lse[r] = LogSoftmaxKernel.LogSumExp(X + (long)r * V, V);
        }
    }

    struct BackwardBody : IParallelBody
    {
        public float* X, Lse, DX;
        public int* Targets;
        public float Scale;
        public int Rows, Vocab, RowsPerChunk;
        public bool Accumulate;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int V = Vocab, r0 = index * RowsPerChunk, r1 = Math.Min(Rows, r0 + RowsPerChunk);
            var scale = Vector512.Create(Scale);
            for (int r = r0; r < r1; r++)
            {
                float* x = X + (long)r * V, dx = DX + (long)r * V;
                if (Targets[r] == IgnoreIndex)
                {
                    if (!Accumulate) new Span<float>(dx, V).Clear();
                    continue;
                }
                var lse = Vector512.Create(Lse[r]);
                int j = 0;
                if (Accumulate)
                    for (; j <= V - 16; j += 16)
                        Vector512.FusedMultiplyAdd(FloatMath.Exp(Vector512.Load(x + j) - lse), scale, Vector512.Load(dx + j)).Store(dx + j);
                else
                    for (; j <= V - 16; j += 16)
                        (FloatMath.Exp(Vector512.Load(x + j) - lse) * scale).Store(dx + j);
                if (j < V)
                {
                    int n = V - j;
                    var p = FloatMath.Exp(VectorLoops.LoadTail(x + j, n, float.NegativeInfinity) - lse);
                    var old = Accumulate ? VectorLoops.LoadTail(dx + j, n, 0f) : Vector512<float>.Zero;
                    VectorLoops.StoreTail(Vector512.FusedMultiplyAdd(p, scale, old), dx + j, n);
                }
                dx[Targets[r]] -= Scale;
            }
        }
    }
}

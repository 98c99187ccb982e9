using System.Numerics.Tensors;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// Causal self-attention on the fused qkv [B, T, (H + 2·KVH)·D] (layout in <see cref="QkvLayout"/>), multi-head or
/// grouped-query. Per query head h with kv head g = h / (H/KVH):
/// <c>S = Q_h·K_gᵀ / √D</c>, <c>P = softmax(S)</c> over keys 0..t of row t (fp32, max subtracted),
/// <c>O_h = P·V_g</c>, written to channels h·D..h·D+D−1 of output [B, T, H·D].
/// The fast kernels run one task per (b, h) forward and per (b, g) backward, so no two tasks write the same
/// gradient, and work through blocks of <see cref="RowBlock"/> query rows with GEMMs on strided views,
/// computing only keys up to the block's last row.
/// </summary>
public static partial class AttentionKernel
{
    /// <summary>
    /// Query rows per GEMM block. A block computes up to RowBlock − 1 masked scores per row above the
    /// diagonal (wasted work) but fewer blocks mean fewer, larger GEMM calls.
    /// </summary>
    public const int RowBlock = 32;

    /// <summary>
    /// The fast forward. Writes output [B, T, H·D] and, when <paramref name="probs"/> is not empty, the
    /// probabilities [B, H, T, T] kept for the backward (row t over keys 0..t; entries further right are
    /// unspecified).
    /// </summary>
    public static unsafe void Forward(ReadOnlySpan<float> qkv, int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim, // [B, T, (H+2KVH)·D]
        Span<float> output, // [B, T, H·D]
        Span<float> probs) // [B, H, T, T] or empty
    {
        Check(qkv.Length, output.Length, probs.Length, batchSize, seqLen, headCount, kvHeadCount, headDim, probsRequired: false);
        int B = batchSize, T = seqLen, H = headCount;
        if (B * T == 0) return;
        fixed (float* pq = qkv, po = output, pp = probs)
        {
            var body = new ForwardHead
            {
                Qkv = pq, Output = po, Probs = pp,
                SeqLen = T, HeadCount = H, KvHeadCount = kvHeadCount, HeadDim = headDim,
            };
            WorkerPool.Shared.For(B * H, ref body);
        }
    }

    unsafe struct ForwardHead : IParallelBody
    {
        public float* Qkv, Output, Probs; // Probs is null when the probabilities are not kept
        public int SeqLen, HeadCount, KvHeadCount, HeadDim;

        public void Run(int index)
        {
            int T = SeqLen, H = HeadCount, KVH = KvHeadCount, D = HeadDim;
            int C = QkvLayout.Channels(H, KVH, D), HD = H * D;
            int b = index / H, h = index % H, g = h / (H / KVH);
            float scale = 1f / MathF.Sqrt(D);
            float* q = Qkv + (long)b * T * C + h * D;              // [T, D], row stride C
            float* k = Qkv + (long)b * T * C + (H + g) * D;        // [T, D], row stride C
            float* v = Qkv + (long)b * T * C + (H + KVH + g) * D;  // [T, D], row stride C
            float* o = Output + (long)b * T * HD + h * D;          // [T, D], row stride H·D

            // Scores land in the kept probabilities, or else in this thread's [RowBlock, T] scratch.
            float[]? scratch = Probs == null ? Scratch.Get(RowBlock * T) : null;
            fixed (float* ps = scratch)
            {
                for (int r0 = 0; r0 < T; r0 += RowBlock)
                {
                    int rows = Math.Min(RowBlock, T - r0), r1 = r0 + rows;
                    float* s = Probs != null ? Probs + (long)index * T * T + (long)r0 * T : ps; // [rows, r1], row stride T
                    Gemm.Compute(false, true, rows, r1, D,
                        View(q + (long)r0 * C, rows, D, C), C, View(k, r1, D, C), C,
                        Target(s, rows, r1, T), T, accumulate: false, parallel: false);
                    for (int i = 0; i < rows; i++)
                    {
                        int keys = r0 + i + 1;
                        SoftmaxRow(new Span<float>(s + (long)i * T, keys), scale);
                        // Masked keys inside the block must weigh zero in P·V.
                        new Span<float>(s + (long)i * T + keys, r1 - keys).Clear();
                    }
                    Gemm.Compute(false, false, rows, D, r1,
                        View(s, rows, r1, T), T, View(v, r1, D, C), C,
                        Target(o + (long)r0 * HD, rows, D, HD), HD, accumulate: false, parallel: false);
                }
            }
        }
    }

    /// <summary>row = softmax(row·scale), max subtracted, in place.</summary>
    static void SoftmaxRow(Span<float> row, float scale)
    {
        TensorPrimitives.Multiply(row, scale, row);
        TensorPrimitives.Subtract(row, TensorPrimitives.Max(row), row);
        TensorPrimitives.Exp(row, row);
        TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
    }

    /// <summary>A read view of <paramref name="rows"/> rows of <paramref name="columns"/> floats, <paramref name="stride"/> apart.</summary>
    static unsafe ReadOnlySpan<float> View(float* start, int rows, int columns, int stride)
        => new(start, (rows - 1) * stride + columns);

    /// <summary>A write view of <paramref name="rows"/> rows of <paramref name="columns"/> floats, <paramref name="stride"/> apart.</summary>
    static unsafe Span<float> Target(float* start, int rows, int columns, int stride)
        => new(start, (rows - 1) * stride + columns);

    /// <summary>Per-thread scratch, grown on demand and then reused, so the hot path does not allocate.</summary>
    static class Scratch
    {
        [ThreadStatic] static float[]? buffer;

        public static float[] Get(int length)
        {
            var b = buffer;
            if (b is null || b.Length < length) buffer = b = new float[length];
            return b;
        }
    }

    static void Check(int qkvLength, int outputLength, int probsLength, int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim, bool probsRequired)
    {
        const string what = "CausalAttention";
        QkvLayout.CheckHeads(headCount, kvHeadCount, headDim, what);
        if (batchSize < 0 || seqLen < 0) throw new ArgumentException($"{what}: batch size {batchSize} and sequence length {seqLen} must not be negative.");
        long rows = (long)batchSize * seqLen;
        QkvLayout.CheckLength(qkvLength, rows * QkvLayout.Channels(headCount, kvHeadCount, headDim), what, "qkv");
        QkvLayout.CheckLength(outputLength, rows * headCount * headDim, what, "output");
        if (probsRequired || probsLength != 0)
            QkvLayout.CheckLength(probsLength, (long)batchSize * headCount * seqLen * seqLen, what, "probs");
    }

    static void CheckBackward(int qkvLength, int probsLength, int dOutLength, int dQkvLength, int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim)
    {
        Check(qkvLength, dOutLength, probsLength, batchSize, seqLen, headCount, kvHeadCount, headDim, probsRequired: true);
        QkvLayout.CheckLength(dQkvLength, qkvLength, "CausalAttention", "dQkv");
    }
}

using System.Numerics.Tensors;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

public static partial class AttentionKernel
{
    /// <summary>
    /// The fast backward, accumulating into dQkv. Per query head, with P the kept probabilities (only the lower
    /// triangle is read): dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P))·scale, dQ += dS·K, dK += dSᵀ·Q, dV += Pᵀ·dO.
    /// One task per (b, kv head g) walks g's query heads in order, so dK and dV of a kv head sum over its query
    /// heads in a fixed order and no two tasks write the same values.
    /// </summary>
    public static unsafe void Backward(ReadOnlySpan<float> qkv, ReadOnlySpan<float> probs, ReadOnlySpan<float> dOut, // [B, T, (H+2KVH)·D], [B, H, T, T], [B, T, H·D]
        int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim,
        Span<float> dQkv) // [B, T, (H+2KVH)·D], accumulated
    {
        CheckBackward(qkv.Length, probs.Length, dOut.Length, dQkv.Length, batchSize, seqLen, headCount, kvHeadCount, headDim);
        int B = batchSize, T = seqLen;
        if (B * T == 0) return;
        fixed (float* pq = qkv, pp = probs, pdo = dOut, pdq = dQkv)
        {
            var body = new BackwardGroup
            {
                Qkv = pq, Probs = pp, DOut = pdo, DQkv = pdq,
                SeqLen = T, HeadCount = headCount, KvHeadCount = kvHeadCount, HeadDim = headDim,
            };
            WorkerPool.Shared.For(B * kvHeadCount, ref body);
        }
    }

    unsafe struct BackwardGroup : IParallelBody
    {
        public float* Qkv, Probs, DOut, DQkv;
        public int SeqLen, HeadCount, KvHeadCount, HeadDim;

        public void Run(int index)
        {
            int T = SeqLen, H = HeadCount, KVH = KvHeadCount, D = HeadDim;
            int C = QkvLayout.Channels(H, KVH, D), HD = H * D, group = H / KVH;
            int b = index / KVH, g = index % KVH;
            float scale = 1f / MathF.Sqrt(D);
            long tokens = (long)b * T;
            float* k = Qkv + tokens * C + (H + g) * D;        // [T, D], row stride C
            float* v = Qkv + tokens * C + (H + KVH + g) * D;  // [T, D], row stride C
            float* dk = DQkv + tokens * C + (H + g) * D;
            float* dv = DQkv + tokens * C + (H + KVH + g) * D;

            // [RowBlock, T] for dP then dS, and [RowBlock, RowBlock] for the masked diagonal tile of P.
            var scratch = Scratch.Get(RowBlock * T + RowBlock * RowBlock);
            fixed (float* ds = scratch)
            {
                float* tile = ds + RowBlock * T;
                for (int h = g * group; h < (g + 1) * group; h++)
                {
                    float* q = Qkv + tokens * C + h * D;                // [T, D], row stride C
                    float* dq = DQkv + tokens * C + h * D;
                    float* dO = DOut + tokens * HD + h * D;             // [T, D], row stride H·D
                    float* p = Probs + ((long)b * H + h) * T * T;       // [T, T]
                    for (int r0 = 0; r0 < T; r0 += RowBlock)
                    {
                        int rows = Math.Min(RowBlock, T - r0), r1 = r0 + rows;
                        float* pBlock = p + (long)r0 * T;              // [rows, r1], row stride T
                        float* dOBlock = dO + (long)r0 * HD;           // [rows, D], row stride H·D

                        // dP = dO·Vᵀ over keys 0..r1−1, then dS in place; masked keys get dS = 0.
                        Gemm.Compute(false, true, rows, r1, D,
                            View(dOBlock, rows, D, HD), HD, View(v, r1, D, C), C,
                            Target(ds, rows, r1, T), T, accumulate: false, parallel: false);
                        for (int i = 0; i < rows; i++)
                        {
                            int keys = r0 + i + 1;
                            var pRow = new ReadOnlySpan<float>(pBlock + (long)i * T, keys);
                            var dsRow = new Span<float>(ds + (long)i * T, keys);
                            float rowDot = TensorPrimitives.Dot(pRow, dsRow);
                            TensorPrimitives.AddMultiply(dsRow, -rowDot, pRow, dsRow);
                            TensorPrimitives.Multiply(dsRow, scale, dsRow);
                            new Span<float>(ds + (long)i * T + keys, r1 - keys).Clear();
                        }

                        // dQ[r0..r1) += dS·K[0..r1), dK[0..r1) += dSᵀ·Q[r0..r1).
                        Gemm.Compute(false, false, rows, D, r1,
                            View(ds, rows, r1, T), T, View(k, r1, D, C), C,
                            Target(dq + (long)r0 * C, rows, D, C), C, accumulate: true, parallel: false);
                        Gemm.Compute(true, false, r1, D, rows,
                            View(ds, rows, r1, T), T, View(q + (long)r0 * C, rows, D, C), C,
                            Target(dk, r1, D, C), C, accumulate: true, parallel: false);

                        // dV += Pᵀ·dO: keys left of the block straight from P, the diagonal tile through a masked copy.
                        if (r0 > 0)
                            Gemm.Compute(true, false, r0, D, rows,
                                View(pBlock, rows, r0, T), T, View(dOBlock, rows, D, HD), HD,
                                Target(dv, r0, D, C), C, accumulate: true, parallel: false);
                        for (int i = 0; i < rows; i++)
                        {
                            var tileRow = new Span<float>(tile + i * rows, rows);
                            new ReadOnlySpan<float>(pBlock + (long)i * T + r0, i + 1).CopyTo(tileRow);
                            tileRow.Slice(i + 1).Clear();
                        }
                        Gemm.Compute(true, false, rows, D, rows,
                            View(tile, rows, rows, rows), rows, View(dOBlock, rows, D, HD), HD,
                            Target(dv + (long)r0 * C, rows, D, C), C, accumulate: true, parallel: false);
                    }
                }
            }
        }
    }
}

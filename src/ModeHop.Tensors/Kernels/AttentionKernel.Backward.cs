using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

public static partial class AttentionKernel
{
    /// <summary>
    /// The fast backward, accumulating into dQkv. Per query head, with P recomputed from the scores and the
    /// forward's log-sum-exps (P = exp(S − lse), which costs one GEMM and saves keeping [B, H, T, T]):
    /// dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P))·scale, dQ += dS·K, dK += dSᵀ·Q, dV += Pᵀ·dO.
    /// One task per (b, kv head g) walks g's query heads in order, so dK and dV of a kv head sum over its query
    /// heads in a fixed order and no two tasks write the same values.
    /// </summary>
    public static unsafe void Backward(ReadOnlySpan<float> qkv, ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dOut, // [B, T, (H+2KVH)·D], [B, H, T], [B, T, H·D]
        int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim,
        Span<float> dQkv) // [B, T, (H+2KVH)·D], accumulated
    {
        CheckBackward(qkv.Length, logSumExp.Length, dOut.Length, dQkv.Length, batchSize, seqLen, headCount, kvHeadCount, headDim);
        int B = batchSize, T = seqLen;
        if (B * T == 0) return;
        fixed (float* pq = qkv, pl = logSumExp, pdo = dOut, pdq = dQkv)
        {
            var body = new BackwardGroup
            {
                Qkv = pq, Lse = pl, DOut = pdo, DQkv = pdq,
                SeqLen = T, HeadCount = headCount, KvHeadCount = kvHeadCount, HeadDim = headDim,
            };
            WorkerPool.Shared.For(B * kvHeadCount, ref body);
        }
    }

    unsafe struct BackwardGroup : IParallelBody
    {
        public float* Qkv, Lse, DOut, DQkv;
        public int SeqLen, HeadCount, KvHeadCount, HeadDim;

        public void Run(int index)
        {
            int T = SeqLen, H = HeadCount, KVH = KvHeadCount, D = HeadDim;
            int C = QkvLayout.Channels(H, KVH, D), HD = H * D, group = H / KVH;
            int b = index / KVH, g = index % KVH;
            var pad = new Padding(T, D);
            int MR = pad.MR, NR = pad.NR, Tm = pad.Tm, Tp = pad.Tp, Dp = pad.Dp;
            float scale = 1f / MathF.Sqrt(D);
            long tokens = (long)b * T;
            float* k = Qkv + tokens * C + (H + g) * D;        // [T, D], row stride C
            float* v = Qkv + tokens * C + (H + KVH + g) * D;  // [T, D], row stride C
            float* dk = DQkv + tokens * C + (H + g) * D;
            float* dv = DQkv + tokens * C + (H + KVH + g) * D;

            var scratch = Scratch.Get(2 * D * Tp + 3 * Tm * Dp + 2 * Tm * Tp + MR * NR);
            fixed (float* start = scratch)
            {
                float* vt = start;              // [D, Tp]   values transposed, keys past T zero
                float* kt = vt + D * Tp;        // [D, Tp]   keys transposed likewise
                float* kp = kt + D * Tp;        // [Tm, Dp]  keys; queries, output gradients likewise
                float* qp = kp + Tm * Dp;       // [Tm, Dp]
                float* dop = qp + Tm * Dp;      // [Tm, Dp]
                float* pp = dop + Tm * Dp;      // [Tm, Tp]  P, zero right of the diagonal and below row T
                float* ds = pp + Tm * Tp;       // [Tm, Tp]  dP, then dS, zero where pp is
                float* tile = ds + Tm * Tp;     // [MR, NR]
                Gemm.PackTransposed(v, C, T, D, Tp, vt);
                Gemm.PackTransposed(k, C, T, D, Tp, kt);
                CopyRows(k, C, T, D, Tm, Dp, kp);
                for (int h = g * group; h < (g + 1) * group; h++)
                {
                    float* q = Qkv + tokens * C + h * D;                // [T, D], row stride C
                    float* dq = DQkv + tokens * C + h * D;
                    float* dO = DOut + tokens * HD + h * D;             // [T, D], row stride H·D
                    float* lse = Lse + ((long)b * H + h) * T;           // [T]
                    CopyRows(q, C, T, D, Tm, Dp, qp);
                    CopyRows(dO, HD, T, D, Tm, Dp, dop);

                    // Per panel of query rows: P = exp(Q·Kᵀ·scale − lse) and dP = dO·Vᵀ over the keys it sees,
                    // dS in place of dP, dQ += dS·K.
                    for (int i0 = 0; i0 < Tm; i0 += MR)
                    {
                        int keys = Math.Min(T, i0 + MR);
                        for (int j0 = 0; j0 < keys; j0 += NR)
                        {
                            Gemm.TileFromRows(D, qp + i0 * Dp, Dp, kt + j0, Tp, pp + i0 * Tp + j0, Tp, add: false);
                            Gemm.TileFromRows(D, dop + i0 * Dp, Dp, vt + j0, Tp, ds + i0 * Tp + j0, Tp, add: false);
                        }
                        for (int i = i0; i < i0 + MR; i++)
                        {
                            float* pRow = pp + (long)i * Tp, dsRow = ds + (long)i * Tp;
                            int live = i < T ? i + 1 : 0;
                            if (live > 0)
                            {
                                Probabilities(pRow, live, scale, lse[i]);
                                var p = new ReadOnlySpan<float>(pRow, live);
                                var d = new Span<float>(dsRow, live);
                                TensorPrimitives.AddMultiply(d, -TensorPrimitives.Dot(p, d), p, d);
                                TensorPrimitives.Multiply(d, scale, d);
                            }
                            new Span<float>(pRow + live, Tp - live).Clear();
                            new Span<float>(dsRow + live, Tp - live).Clear();
                        }
                        for (int d0 = 0; d0 < D; d0 += NR)
                        {
                            bool whole = i0 + MR <= T && d0 + NR <= D;
                            Gemm.TileFromRows(keys, ds + i0 * Tp, Tp, kp + d0, Dp, whole ? dq + (long)i0 * C + d0 : tile, whole ? C : NR, add: whole);
                            if (!whole) Gemm.MergeTile(tile, NR, Math.Min(MR, T - i0), Math.Min(NR, D - d0), dq + (long)i0 * C + d0, C, add: true);
                        }
                    }

                    // Per panel of keys j0..j0+MR−1, over the query rows that see them (j0 onwards):
                    // dK += dSᵀ·Q and dV += Pᵀ·dO, reading dS and P down their columns.
                    for (int j0 = 0; j0 < T; j0 += MR)
                    {
                        int rows = Tm - j0;
                        for (int d0 = 0; d0 < D; d0 += NR)
                        {
                            bool whole = j0 + MR <= T && d0 + NR <= D;
                            int liveRows = Math.Min(MR, T - j0), liveColumns = Math.Min(NR, D - d0);
                            Gemm.TileFromColumns(rows, ds + j0 * Tp + j0, Tp, qp + j0 * Dp + d0, Dp, whole ? dk + (long)j0 * C + d0 : tile, whole ? C : NR, add: whole);
                            if (!whole) Gemm.MergeTile(tile, NR, liveRows, liveColumns, dk + (long)j0 * C + d0, C, add: true);
                            Gemm.TileFromColumns(rows, pp + j0 * Tp + j0, Tp, dop + j0 * Dp + d0, Dp, whole ? dv + (long)j0 * C + d0 : tile, whole ? C : NR, add: whole);
                            if (!whole) Gemm.MergeTile(tile, NR, liveRows, liveColumns, dv + (long)j0 * C + d0, C, add: true);
                        }
                    }
                }
            }
        }
    }

    /// <summary>row[0..n) = exp(row·scale − lse) in place: the probabilities from raw scores and their log-sum-exp.</summary>
    static unsafe void Probabilities(float* row, int n, float scale, float lse)
    {
        var vScale = Vector512.Create(scale);
        var shift = Vector512.Create(-lse);
        int i = 0;
        for (; i <= n - 16; i += 16)
            Vector512.Exp(Vector512.FusedMultiplyAdd(Vector512.Load(row + i), vScale, shift)).Store(row + i);
        if (i < n)
            VectorLoops.StoreTail(Vector512.Exp(Vector512.FusedMultiplyAdd(VectorLoops.LoadTail(row + i, n - i, 0f), vScale, shift)), row + i, n - i);
    }
}

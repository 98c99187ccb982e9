using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

public static partial class AttentionKernel
{
    /// <summary>
    /// The fast backward, accumulating into dQkv (or, when not <paramref name="accumulate"/>, overwriting it: every value
    /// is written, the first time stored, which saves clearing it and reading it back). Per query head, with P recomputed from the scores and the
    /// forward's log-sum-exps (P = exp(S − lse), which costs one GEMM and saves keeping [B, H, T, T]):
    /// dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P))·scale, dQ += dS·K, dK += dSᵀ·Q, dV += Pᵀ·dO.
    /// One task per (b, kv head g) walks g's query heads in order, so dK and dV of a kv head sum over its query
    /// heads in a fixed order and no two tasks write the same values.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> qkv, ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dOut, // [B, T, (H+2KVH)·D], [B, H, T], [B, T, H·D]
        int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim,
        Span<float> dQkv) // [B, T, (H+2KVH)·D], accumulated
        => Backward(qkv, logSumExp, dOut, batchSize, seqLen, headCount, kvHeadCount, headDim, dQkv, accumulate: true);

    /// <inheritdoc cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, int, int, int, Span{float})"/>
    public static unsafe void Backward(ReadOnlySpan<float> qkv, ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dOut, // [B, T, (H+2KVH)·D], [B, H, T], [B, T, H·D]
        int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim,
        Span<float> dQkv, // [B, T, (H+2KVH)·D]
        bool accumulate)
    {
        CheckBackward(qkv.Length, logSumExp.Length, dOut.Length, dQkv.Length, batchSize, seqLen, headCount, kvHeadCount, headDim);
        int B = batchSize, T = seqLen;
        if (B * T == 0) return;
        fixed (float* pq = qkv, pl = logSumExp, pdo = dOut, pdq = dQkv)
        {
            var body = new BackwardGroup
            {
                Qkv = pq, Lse = pl, DOut = pdo, DQkv = pdq, Accumulate = accumulate,
                SeqLen = T, HeadCount = headCount, KvHeadCount = kvHeadCount, HeadDim = headDim,
            };
            WorkerPool.Shared.For(B * kvHeadCount, ref body);
        }
    }

    unsafe struct BackwardGroup : IParallelBody
    {
        public float* Qkv, Lse, DOut, DQkv;
        public int SeqLen, HeadCount, KvHeadCount, HeadDim;
        public bool Accumulate;

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

            // A head whole slivers wide (D a multiple of NR) reads queries, keys and output gradients in place, copying only the
            // last partial panel of queries and output gradients; a narrower one copies them padded to Dp channels.
            bool wide = D % NR == 0;
            int rowsCopied = wide ? MR : Tm;
            var scratch = Scratch.Get(2 * D * Tp + (wide ? 2 : 3) * rowsCopied * Dp + 2 * Tm * Tp + MR * NR);
            fixed (float* start = scratch)
            {
                float* vt = start;                  // [D, Tp]   values transposed, keys past T zero
                float* kt = vt + D * Tp;            // [D, Tp]   keys transposed likewise
                float* pp = kt + D * Tp;            // [Tm, Tp]  P, zero right of the diagonal and below row T
                float* ds = pp + Tm * Tp;           // [Tm, Tp]  dP, then dS, zero where pp is
                float* tile = ds + Tm * Tp;         // [MR, NR]
                float* qp = tile + MR * NR;         // [rowsCopied, Dp]  queries: all (narrow) or the partial panel (wide)
                float* dop = qp + rowsCopied * Dp;  // [rowsCopied, Dp]  output gradients likewise
                float* kp = dop + rowsCopied * Dp;  // [Tm, Dp]  keys (narrow only)
                Gemm.PackTransposed(v, C, T, D, Tp, vt);
                Gemm.PackTransposed(k, C, T, D, Tp, kt);
                if (!wide) CopyRows(k, C, T, D, Tm, Dp, kp);
                var keys0 = wide ? new Rows(k, C) : new Rows(kp, Dp);
                for (int h = g * group; h < (g + 1) * group; h++)
                {
                    float* q = Qkv + tokens * C + h * D;                // [T, D], row stride C
                    float* dq = DQkv + tokens * C + h * D;
                    float* dO = DOut + tokens * HD + h * D;             // [T, D], row stride H·D
                    float* lse = Lse + ((long)b * H + h) * T;           // [T]
                    // Each head's dQ is written once; dK and dV once per query head of the group, stored by the first.
                    bool addQ = Accumulate, addKV = Accumulate || h > g * group;
                    if (!wide)
                    {
                        CopyRows(q, C, T, D, Tm, Dp, qp);
                        CopyRows(dO, HD, T, D, Tm, Dp, dop);
                    }
                    var queries = wide ? new Rows(q, C) : new Rows(qp, Dp);
                    var grads = wide ? new Rows(dO, HD) : new Rows(dop, Dp);

                    // Per panel of query rows: P = exp(Q·Kᵀ·scale − lse) and dP = dO·Vᵀ over the keys it sees,
                    // dS in place of dP, dQ += dS·K.
                    for (int i0 = 0; i0 < Tm; i0 += MR)
                    {
                        int keys = Math.Min(T, i0 + MR);
                        var qa = queries.At(i0);
                        var da = grads.At(i0);
                        if (wide && i0 + MR > T)
                        {
                            CopyRows(q + (long)i0 * C, C, T - i0, D, MR, Dp, qp);
                            CopyRows(dO + (long)i0 * HD, HD, T - i0, D, MR, Dp, dop);
                            qa = new Rows(qp, Dp);
                            da = new Rows(dop, Dp);
                        }
                        for (int j0 = 0; j0 < keys; j0 += NR)
                        {
                            Gemm.TileFromRows(D, qa.Start, qa.Step, kt + j0, Tp, pp + i0 * Tp + j0, Tp, add: false);
                            Gemm.TileFromRows(D, da.Start, da.Step, vt + j0, Tp, ds + i0 * Tp + j0, Tp, add: false);
                        }
                        for (int i = i0; i < i0 + MR; i++)
                            ScoreGradientRow(pp + (long)i * Tp, ds + (long)i * Tp, i < T ? i + 1 : 0, Tp, scale, i < T ? lse[i] : 0f);
                        for (int d0 = 0; d0 < D; d0 += NR)
                        {
                            bool whole = i0 + MR <= T && d0 + NR <= D;
                            Gemm.TileFromRows(keys, ds + i0 * Tp, Tp, keys0.Start + d0, keys0.Step, whole ? dq + (long)i0 * C + d0 : tile, whole ? C : NR, add: whole && addQ);
                            if (!whole) Gemm.MergeTile(tile, NR, Math.Min(MR, T - i0), Math.Min(NR, D - d0), dq + (long)i0 * C + d0, C, add: addQ);
                        }
                    }

                    // Per panel of keys j0..j0+MR−1, over the query rows that see them (j0 to T−1):
                    // dK += dSᵀ·Q and dV += Pᵀ·dO, reading dS and P down their columns.
                    for (int j0 = 0; j0 < T; j0 += MR)
                    {
                        int rows = T - j0;
                        var qb = queries.At(j0);
                        var db = grads.At(j0);
                        for (int d0 = 0; d0 < D; d0 += NR)
                        {
                            bool whole = j0 + MR <= T && d0 + NR <= D;
                            int liveRows = Math.Min(MR, T - j0), liveColumns = Math.Min(NR, D - d0);
                            Gemm.TileFromColumns(rows, ds + j0 * Tp + j0, Tp, qb.Start + d0, qb.Step, whole ? dk + (long)j0 * C + d0 : tile, whole ? C : NR, add: whole && addKV);
                            if (!whole) Gemm.MergeTile(tile, NR, liveRows, liveColumns, dk + (long)j0 * C + d0, C, add: addKV);
                            Gemm.TileFromColumns(rows, pp + j0 * Tp + j0, Tp, db.Start + d0, db.Step, whole ? dv + (long)j0 * C + d0 : tile, whole ? C : NR, add: whole && addKV);
                            if (!whole) Gemm.MergeTile(tile, NR, liveRows, liveColumns, dv + (long)j0 * C + d0, C, add: addKV);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Rows of a head's operand, in place or copied: row i starts at Start + i·Step.</summary>
    readonly unsafe struct Rows(float* start, nint step)
    {
        public readonly float* Start = start;
        public readonly nint Step = step;

        public Rows At(int row) => new(Start + row * Step, Step);
    }

    /// <summary>
    /// One query row of the backward, in place over its first <paramref name="live"/> keys: the probabilities
    /// p = exp(s·scale − lse) from the raw scores s in <paramref name="pRow"/>, and dS = ((dP − p·dP) ⊙ p)·scale from dP in
    /// <paramref name="dsRow"/>, rounded as (dP − dot)·p then ·scale. Both rows are zeroed from <paramref name="live"/> to
    /// at least 16 keys past it (all of <paramref name="width"/>, a multiple of 16, when live is 0), so masked keys weigh
    /// nothing in the products that follow.
    /// </summary>
    static unsafe void ScoreGradientRow(float* pRow, float* dsRow, int live, int width, float scale, float lse)
    {
        int full = live & ~15, rest = live - full, padded = full + (rest > 0 ? 16 : 0);
        var mask = Live(rest);
        var vScale = Vector512.Create(scale);
        var shift = Vector512.Create(-lse);
        int i = 0;
        for (; i < full; i += 16)
            FloatMath.Exp(Vector512.FusedMultiplyAdd(Vector512.Load(pRow + i), vScale, shift)).Store(pRow + i);
        if (rest > 0)
            Vector512.ConditionalSelect(mask, FloatMath.Exp(Vector512.FusedMultiplyAdd(Vector512.Load(pRow + full), vScale, shift)), Vector512<float>.Zero).Store(pRow + full);
        if (live > 0)
        {
            var dot = Vector512.Create(TensorPrimitives.Dot(new ReadOnlySpan<float>(pRow, live), new ReadOnlySpan<float>(dsRow, live)));
            for (i = 0; i < full; i += 16)
                ((Vector512.Load(dsRow + i) - dot) * Vector512.Load(pRow + i) * vScale).Store(dsRow + i);
            if (rest > 0)
                Vector512.ConditionalSelect(mask, (Vector512.Load(dsRow + full) - dot) * Vector512.Load(pRow + full) * vScale, Vector512<float>.Zero).Store(dsRow + full);
        }
        // The products that follow read a query row at most MR − 1 < 16 keys past its last live one (dQ over the panel's
        // keys, dK and dV down the key panels' columns), so one vector of zeros past the live ones is enough; a row past
        // T (live = 0) is read across the keys and is cleared whole.
        int end = live == 0 ? width : Math.Min(width, padded + 16);
        for (i = padded; i < end; i += 16)
        {
            Vector512<float>.Zero.Store(pRow + i);
            Vector512<float>.Zero.Store(dsRow + i);
        }
    }
}

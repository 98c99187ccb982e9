using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

// Inference attention: a chunk of new tokens per batch row against keys kept in a cache (see KvView). Batch row b
// holds lengths[b] new tokens, right-padded to T. Its query t attends, in this order,
//   the first prefix.Lengths[b] tokens of prefix row prefix.Rows[b]   (a shared context, e.g. a prompt), then
//   tokens 0..own.Lengths[b] + t of own row own.Rows[b]               (its own earlier tokens and the chunk, causally),
// where own.Lengths[b] counts the tokens the row held before this chunk and the chunk's keys and values are already
// stored after them (StoreKeysValues). So K continuations of one context read one copy of its keys.
// O = softmax(q·Kᵀ/√D)·V over those keys, kv head g = h / (H/KVH), softmax in fp32 with the max subtracted.
// Padding queries (t ≥ lengths[b]) get zeros.
public static partial class AttentionKernel
{
    /// <summary>
    /// The fast cached attention: one task per (b, h); a query's scores are dot products over D, vectorized, against
    /// each key in order (chunks are short, so there is no query panel to tile).
    /// </summary>
    public static unsafe void ForwardCached(ReadOnlySpan<float> qkv, ReadOnlySpan<int> lengths, KvView prefix, KvView own, // [B, T, (H+2KVH)·D] (Q read), [B]
        int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim,
        Span<float> output) // [B, T, H·D]
    {
        CheckCached(qkv.Length, lengths, prefix, own, output.Length, batchSize, seqLen, headCount, kvHeadCount, headDim);
        int B = batchSize, H = headCount;
        if (B * seqLen == 0) return;
        fixed (float* pq = qkv, po = output, ppk = prefix.Keys, ppv = prefix.Values, pok = own.Keys, pov = own.Values)
        fixed (int* pl = lengths, ppr = prefix.Rows, ppl = prefix.Lengths, por = own.Rows, pol = own.Lengths)
        {
            var body = new CachedHead
            {
                Qkv = pq, Output = po, Lengths = pl,
                PrefixKeys = ppk, PrefixValues = ppv, PrefixRows = ppr, PrefixLengths = ppl, PrefixCapacity = prefix.Capacity,
                OwnKeys = pok, OwnValues = pov, OwnRows = por, OwnLengths = pol, OwnCapacity = own.Capacity,
                SeqLen = seqLen, HeadCount = H, KvHeadCount = kvHeadCount, HeadDim = headDim,
            };
            WorkerPool.Shared.For(B * H, ref body);
        }
    }

    unsafe struct CachedHead : IParallelBody
    {
        public float* Qkv, Output, PrefixKeys, PrefixValues, OwnKeys, OwnValues;
        public int* Lengths, PrefixRows, PrefixLengths, OwnRows, OwnLengths; // PrefixRows is null without a prefix
        public int PrefixCapacity, OwnCapacity, SeqLen, HeadCount, KvHeadCount, HeadDim;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int T = SeqLen, H = HeadCount, KVH = KvHeadCount, D = HeadDim;
            int C = QkvLayout.Channels(H, KVH, D), HD = H * D;
            int b = index / H, h = index % H, g = h / (H / KVH), length = Lengths[b];
            float scale = 1f / MathF.Sqrt(D);
            float* o = Output + (long)b * T * HD + h * D; // [T, D], row stride H·D
            for (int t = length; t < T; t++) new Span<float>(o + (long)t * HD, D).Clear();
            if (length == 0) return;

            int P = PrefixRows == null ? 0 : PrefixLengths[b], start = OwnLengths[b];
            float* pk = null, pv = null;
            if (P > 0)
            {
                long offset = ((long)PrefixRows[b] * KVH + g) * PrefixCapacity * D;
                pk = PrefixKeys + offset;
                pv = PrefixValues + offset;
            }
            long ownOffset = ((long)OwnRows[b] * KVH + g) * OwnCapacity * D;
            float* ok = OwnKeys + ownOffset, ov = OwnValues + ownOffset;

            var scratch = Scratch.Get(P + start + length + 16); // SoftmaxRow writes up to 15 floats past the row
            fixed (float* s = scratch)
            {
                for (int t = 0; t < length; t++)
                {
                    float* q = Qkv + ((long)b * T + t) * C + h * D;
                    int own = start + t + 1, n = P + own;
                    for (int j = 0; j < P; j++) s[j] = Dot(q, pk + (long)j * D, D);
                    for (int j = 0; j < own; j++) s[P + j] = Dot(q, ok + (long)j * D, D);
                    SoftmaxRow(s, n, scale);
                    float* y = o + (long)t * HD;
                    new Span<float>(y, D).Clear();
                    for (int j = 0; j < P; j++) AddScaled(s[j], pv + (long)j * D, y, D);
                    for (int j = 0; j < own; j++) AddScaled(s[P + j], ov + (long)j * D, y, D);
                }
            }
        }
    }

    /// <summary>Σ a[i]·b[i] over n floats: one 512-bit FMA chain, then a scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe float Dot(float* a, float* b, int n)
    {
        int i = 0;
        var acc = Vector512<float>.Zero;
        for (; i + 16 <= n; i += 16) acc = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), acc);
        float sum = Vector512.Sum(acc);
        for (; i < n; i++) sum = MathF.FusedMultiplyAdd(a[i], b[i], sum);
        return sum;
    }

    /// <summary>y[i] += p·v[i] over n floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void AddScaled(float p, float* v, float* y, int n)
    {
        int i = 0;
        var vp = Vector512.Create(p);
        for (; i + 16 <= n; i += 16) Vector512.FusedMultiplyAdd(vp, Vector512.Load(v + i), Vector512.Load(y + i)).Store(y + i);
        for (; i < n; i++) y[i] = MathF.FusedMultiplyAdd(p, v[i], y[i]);
    }

    /// <summary>Plain loops, softmax in double: the oracle of <see cref="ForwardCached"/>.</summary>
    public static void ForwardCachedReference(ReadOnlySpan<float> qkv, ReadOnlySpan<int> lengths, KvView prefix, KvView own, // [B, T, (H+2KVH)·D] (Q read), [B]
        int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim,
        Span<float> output) // [B, T, H·D]
    {
        CheckCached(qkv.Length, lengths, prefix, own, output.Length, batchSize, seqLen, headCount, kvHeadCount, headDim);
        int B = batchSize, T = seqLen, H = headCount, KVH = kvHeadCount, D = headDim;
        int C = QkvLayout.Channels(H, KVH, D), HD = H * D;
        float scale = 1f / MathF.Sqrt(D);
        output.Clear();
        for (int b = 0; b < B; b++)
        {
            int P = prefix.IsEmpty ? 0 : prefix.Lengths[b], start = own.Lengths[b];
            var keys = new List<(int Offset, bool Prefix)>();
            for (int h = 0; h < H; h++)
            {
                int g = h / (H / KVH);
                for (int t = 0; t < lengths[b]; t++)
                {
                    keys.Clear();
                    for (int j = 0; j < P; j++) keys.Add(((((prefix.Rows[b] * KVH) + g) * prefix.Capacity + j) * D, true));
                    for (int j = 0; j <= start + t; j++) keys.Add(((((own.Rows[b] * KVH) + g) * own.Capacity + j) * D, false));
                    int q = (b * T + t) * C + h * D;
                    var scores = new double[keys.Count];
                    double max = double.NegativeInfinity;
                    for (int j = 0; j < keys.Count; j++)
                    {
                        var k = keys[j].Prefix ? prefix.Keys : own.Keys;
                        double dot = 0;
                        for (int d = 0; d < D; d++) dot += (double)qkv[q + d] * k[keys[j].Offset + d];
                        scores[j] = dot * scale;
                        max = Math.Max(max, scores[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < keys.Count; j++) sum += scores[j] = Math.Exp(scores[j] - max);
                    for (int d = 0; d < D; d++)
                    {
                        double acc = 0;
                        for (int j = 0; j < keys.Count; j++)
                            acc += scores[j] / sum * (keys[j].Prefix ? prefix.Values : own.Values)[keys[j].Offset + d];
                        output[(b * T + t) * HD + h * D + d] = (float)acc;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Stores the K and V heads of each batch row's first lengths[b] tokens of a fused qkv into a cache: token t of batch
    /// row b goes to cache row rows[b] at index starts[b] + t (layout in <see cref="KvView"/>). Padding is not stored.
    /// </summary>
    public static unsafe void StoreKeysValues(ReadOnlySpan<float> qkv, ReadOnlySpan<int> lengths, ReadOnlySpan<int> rows, ReadOnlySpan<int> starts, // [B, T, (H+2KVH)·D], [B] ×3
        int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim, int capacity,
        Span<float> keys, Span<float> values) // [rows, KVH, capacity, D] each
    {
        const string what = "StoreKeysValues";
        QkvLayout.CheckHeads(headCount, kvHeadCount, headDim, what);
        int B = batchSize, T = seqLen, KVH = kvHeadCount, D = headDim;
        QkvLayout.CheckLength(qkv.Length, (long)B * T * QkvLayout.Channels(headCount, KVH, D), what, "qkv");
        var view = new KvView(keys, values, capacity, rows, starts);
        view.Check(B, KVH, D, what, "cache");
        CheckLengths(lengths, B, T, what);
        for (int b = 0; b < B; b++)
            if (starts[b] + lengths[b] > capacity)
                throw new ArgumentException($"{what}: batch row {b} stores {lengths[b]} tokens after {starts[b]} in a cache row of {capacity}; make the cache longer.");
        fixed (float* pq = qkv, pk = keys, pv = values)
        fixed (int* pl = lengths, pr = rows, ps = starts)
        {
            var body = new StoreRow
            {
                Qkv = pq, Keys = pk, Values = pv, Lengths = pl, Rows = pr, Starts = ps,
                SeqLen = T, HeadCount = headCount, KvHeadCount = KVH, HeadDim = D, Capacity = capacity,
            };
            WorkerPool.Shared.For(B, ref body);
        }
    }

    unsafe struct StoreRow : IParallelBody
    {
        public float* Qkv, Keys, Values;
        public int* Lengths, Rows, Starts;
        public int SeqLen, HeadCount, KvHeadCount, HeadDim, Capacity;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int b)
        {
            int H = HeadCount, KVH = KvHeadCount, D = HeadDim, C = QkvLayout.Channels(H, KVH, D);
            for (int g = 0; g < KVH; g++)
            {
                long row = ((long)Rows[b] * KVH + g) * Capacity + Starts[b];
                for (int t = 0; t < Lengths[b]; t++)
                {
                    float* token = Qkv + ((long)b * SeqLen + t) * C;
                    new ReadOnlySpan<float>(token + (H + g) * D, D).CopyTo(new Span<float>(Keys + (row + t) * D, D));
                    new ReadOnlySpan<float>(token + (H + KVH + g) * D, D).CopyTo(new Span<float>(Values + (row + t) * D, D));
                }
            }
        }
    }

    static void CheckLengths(ReadOnlySpan<int> lengths, int batchSize, int seqLen, string what)
    {
        if (lengths.Length != batchSize)
            throw new ArgumentException($"{what}: {lengths.Length} lengths for a batch of {batchSize}; pass one per batch row.");
        for (int b = 0; b < batchSize; b++)
            if ((uint)lengths[b] > (uint)seqLen)
                throw new ArgumentException($"{what}: batch row {b} has length {lengths[b]}; it must be between 0 and the sequence length {seqLen}.");
    }

    static void CheckCached(int qkvLength, ReadOnlySpan<int> lengths, KvView prefix, KvView own, int outputLength,
        int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim)
    {
        const string what = "CachedAttention";
        Check(qkvLength, outputLength, 0, batchSize, seqLen, headCount, kvHeadCount, headDim, lseRequired: false, what);
        CheckLengths(lengths, batchSize, seqLen, what);
        if (!prefix.IsEmpty) prefix.Check(batchSize, kvHeadCount, headDim, what, "prefix");
        own.Check(batchSize, kvHeadCount, headDim, what, "own");
        for (int b = 0; b < batchSize; b++)
            if (own.Lengths[b] + lengths[b] > own.Capacity)
                throw new ArgumentException($"{what}: batch row {b} has {lengths[b]} new tokens after {own.Lengths[b]}, past the own cache capacity {own.Capacity}.");
    }
}

using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Tensors.Kernels;

public class CachedAttentionKernelTests
{
    delegate void CachedFn(ReadOnlySpan<float> qkv, ReadOnlySpan<int> lengths, KvView prefix, KvView own,
        int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim, Span<float> output);

    static CachedFn Of(string implementation) => implementation switch
    {
        "Reference" => AttentionKernel.ForwardCachedReference,
        "Fast" => AttentionKernel.ForwardCached,
        _ => throw new ArgumentException(implementation),
    };

    public static TheoryData<string> Implementations() => new() { "Reference", "Fast" };

    static int Channels(int H, int KVH, int D) => (H + 2 * KVH) * D;

    // B, T, H, KVH, D, prefix rows (0 = no prefix). D = 5 and 20 leave scalar tails after the 16-wide vectors.
    public static TheoryData<int, int, int, int, int, int> Shapes() => new()
    {
        { 1, 1, 1, 1, 4, 0 },
        { 3, 3, 4, 2, 16, 2 },
        { 4, 1, 2, 2, 64, 2 },
        { 2, 5, 3, 1, 5, 1 },
        { 5, 2, 4, 4, 20, 3 },
        { 2, 4, 2, 1, 32, 0 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardCached_Fast_MatchesReference(int B, int T, int H, int KVH, int D, int prefixRows)
    {
        var rng = new Random(B * 100 + T * 10 + D);
        const int prefixCapacity = 40, ownCapacity = 12;
        var qkv = TestData.Normal(B * T * Channels(H, KVH, D), 1, 0.7f);
        var lengths = Enumerable.Range(0, B).Select(_ => rng.Next(1, T + 1)).ToArray();
        var ownRows = Enumerable.Range(0, B).Reverse().ToArray(); // batch rows need not be cache rows in order
        var starts = lengths.Select(n => rng.Next(0, ownCapacity - n + 1)).ToArray();
        var ownKeys = TestData.Normal(B * KVH * ownCapacity * D, 2);
        var ownValues = TestData.Normal(ownKeys.Length, 3);
        var prefixKeys = TestData.Normal(Math.Max(1, prefixRows) * KVH * prefixCapacity * D, 4);
        var prefixValues = TestData.Normal(prefixKeys.Length, 5);
        var parents = Enumerable.Range(0, B).Select(_ => rng.Next(Math.Max(1, prefixRows))).ToArray();
        var prefixLengths = parents.Select(_ => rng.Next(0, prefixCapacity + 1)).ToArray();
        KvView Prefix() => prefixRows == 0 ? default : new KvView(prefixKeys, prefixValues, prefixCapacity, parents, prefixLengths);
        var own = new KvView(ownKeys, ownValues, ownCapacity, ownRows, starts);

        var expected = new float[B * T * H * D];
        AttentionKernel.ForwardCachedReference(qkv, lengths, Prefix(), own, B, T, H, KVH, D, expected);
        var actual = TestData.Normal(expected.Length, 6); // stale values must be overwritten, padding included
        AttentionKernel.ForwardCached(qkv, lengths, Prefix(), own, B, T, H, KVH, D, actual);
        TestData.AssertClose(actual, expected, 1e-5f, 1e-4f, "cached attention");
        for (int b = 0; b < B; b++)
            Assert.All(actual.AsSpan((b * T + lengths[b]) * H * D, (T - lengths[b]) * H * D).ToArray(), v => Assert.Equal(0f, v));
    }

    /// <summary>
    /// One causal sequence of P + S tokens per row, split three ways: the last S tokens as a chunk after a prefix cache
    /// of P tokens, after P tokens of the row's own cache, and after P − 2 prefix tokens and 2 own ones. Each must
    /// give the full causal attention's last S rows.
    /// </summary>
    [Theory]
    [MemberData(nameof(Implementations))]
    public void ForwardCached_SplitSequence_MatchesCausalAttention(string implementation)
    {
        const int B = 2, P = 7, S = 3, H = 4, KVH = 2, D = 16, N = P + S;
        int QC = Channels(H, KVH, D), HD = H * D;
        var full = TestData.Normal(B * N * QC, 7, 0.8f);
        var expected = new float[B * N * HD];
        AttentionKernel.ForwardReference(full, B, N, H, KVH, D, expected, default);
        var chunk = new float[B * S * QC];
        for (int b = 0; b < B; b++) full.AsSpan((b * N + P) * QC, S * QC).CopyTo(chunk.AsSpan(b * S * QC));
        var head = new float[B * P * QC];
        for (int b = 0; b < B; b++) full.AsSpan(b * N * QC, P * QC).CopyTo(head.AsSpan(b * P * QC));
        int[] rows = [1, 0], lengths = [S, S];

        foreach (int ownBefore in new[] { 0, 2, P })
        {
            int prefixTokens = P - ownBefore;
            // The first prefixTokens tokens go to a prefix cache, the next ownBefore to each row's own cache, then the chunk.
            const int capacity = N;
            var prefixKeys = new float[B * KVH * capacity * D];
            var prefixValues = new float[prefixKeys.Length];
            var ownKeys = new float[prefixKeys.Length];
            var ownValues = new float[prefixKeys.Length];
            var headLengths = Enumerable.Repeat(prefixTokens, B).ToArray();
            AttentionKernel.StoreKeysValues(head, headLengths, rows, [0, 0], B, P, H, KVH, D, capacity, prefixKeys, prefixValues);
            var tail = new float[B * P * QC]; // each row's tokens prefixTokens..P−1, left-aligned
            for (int b = 0; b < B; b++) head.AsSpan((b * P + prefixTokens) * QC, ownBefore * QC).CopyTo(tail.AsSpan(b * P * QC));
            if (ownBefore > 0)
                AttentionKernel.StoreKeysValues(tail, [ownBefore, ownBefore], rows, [0, 0], B, P, H, KVH, D, capacity, ownKeys, ownValues);
            int[] starts = [ownBefore, ownBefore];
            AttentionKernel.StoreKeysValues(chunk, lengths, rows, starts, B, S, H, KVH, D, capacity, ownKeys, ownValues);
            var prefix = prefixTokens == 0 ? default : new KvView(prefixKeys, prefixValues, capacity, rows, headLengths);
            var own = new KvView(ownKeys, ownValues, capacity, rows, starts);

            var actual = new float[B * S * HD];
            Of(implementation)(chunk, lengths, prefix, own, B, S, H, KVH, D, actual);
            for (int b = 0; b < B; b++)
                TestData.AssertClose(actual.AsSpan(b * S * HD, S * HD), expected.AsSpan((b * N + P) * HD, S * HD), 1e-5f, 1e-4f,
                    $"row {b}, {prefixTokens} prefix + {ownBefore} own tokens");
        }
    }

    [Fact]
    public void ForwardCached_ChunkPastOwnCapacity_Throws()
    {
        var qkv = new float[2 * Channels(1, 1, 4)];
        var cache = new float[1 * 1 * 3 * 4];
        var error = Assert.Throws<ArgumentException>(() =>
            AttentionKernel.ForwardCached(qkv, [2], default, new KvView(cache, cache, 3, [0], [2]), 1, 2, 1, 1, 4, new float[2 * 4]));
        Assert.Contains("capacity", error.Message);
    }
}

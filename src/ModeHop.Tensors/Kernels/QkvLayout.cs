namespace ModeHop.Tensors.Kernels;

/// <summary>
/// The fused attention input every model family is converted to: per token,
/// <c>[Q heads 0..H−1 | K heads 0..KVH−1 | V heads 0..KVH−1]</c>, each head D wide, so a row holds
/// <c>(H + 2·KVH)·D</c> channels. Query head h reads kv head <c>h / (H / KVH)</c> (grouped-query
/// attention; multi-head attention is KVH = H).
/// </summary>
public static class QkvLayout
{
    /// <summary>Channels per token: (H + 2·KVH)·D.</summary>
    public static int Channels(int headCount, int kvHeadCount, int headDim) => (headCount + 2 * kvHeadCount) * headDim;

    /// <summary>Throws unless the head counts and head dim describe a valid layout.</summary>
    public static void CheckHeads(int headCount, int kvHeadCount, int headDim, string what)
    {
        if (headCount < 1) throw new ArgumentException($"{what}: head count must be at least 1, got {headCount}.");
        if (kvHeadCount < 1) throw new ArgumentException($"{what}: key/value head count must be at least 1, got {kvHeadCount}.");
        if (headCount % kvHeadCount != 0)
            throw new ArgumentException($"{what}: head count {headCount} is not a multiple of the key/value head count {kvHeadCount}; grouped-query attention needs H divisible by KVH.");
        if (headDim < 1) throw new ArgumentException($"{what}: head dim must be at least 1, got {headDim}.");
    }

    /// <summary>Throws unless a span holds exactly <paramref name="expected"/> floats.</summary>
    public static void CheckLength(int actual, long expected, string what, string name)
    {
        if (actual != expected) throw new ArgumentException($"{what}: {name} holds {actual} floats, expected {expected}.");
    }
}

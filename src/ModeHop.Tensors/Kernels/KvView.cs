namespace ModeHop.Tensors.Kernels;

/// <summary>
/// Cached keys and values of rows of tokens, as one attention call reads them. Layout of each of
/// <see cref="Keys"/> and <see cref="Values"/>: [rows, KVH, capacity, D], so token i of cache row r and kv head g
/// starts at <c>((r·KVH + g)·capacity + i)·D</c>. Batch row b of the call reads cache row <see cref="Rows"/>[b] and
/// counts <see cref="Lengths"/>[b] tokens in it. A view with no rows stands for no cache.
/// </summary>
public readonly ref struct KvView
{
    /// <summary>[rows, KVH, capacity, D]</summary>
    public ReadOnlySpan<float> Keys { get; }

    /// <summary>[rows, KVH, capacity, D]</summary>
    public ReadOnlySpan<float> Values { get; }

    /// <summary>Tokens a cache row can hold.</summary>
    public int Capacity { get; }

    /// <summary>[B]: the cache row batch row b reads.</summary>
    public ReadOnlySpan<int> Rows { get; }

    /// <summary>[B]: tokens of that cache row batch row b counts.</summary>
    public ReadOnlySpan<int> Lengths { get; }

    public KvView(ReadOnlySpan<float> keys, ReadOnlySpan<float> values, int capacity, ReadOnlySpan<int> rows, ReadOnlySpan<int> lengths)
    {
        Keys = keys;
        Values = values;
        Capacity = capacity;
        Rows = rows;
        Lengths = lengths;
    }

    /// <summary>True for the view of no cache.</summary>
    public bool IsEmpty => Rows.IsEmpty;

    /// <summary>Throws unless the view fits <paramref name="batchSize"/> batch rows of the given heads.</summary>
    internal void Check(int batchSize, int kvHeadCount, int headDim, string what, string name)
    {
        if (Capacity < 1) throw new ArgumentException($"{what}: {name} cache capacity must be at least 1, got {Capacity}.");
        long rowFloats = (long)kvHeadCount * Capacity * headDim;
        if (Keys.Length != Values.Length || Keys.Length % rowFloats != 0)
            throw new ArgumentException($"{what}: {name} keys hold {Keys.Length} floats and values {Values.Length}; both must be [rows, {kvHeadCount}, {Capacity}, {headDim}].");
        int cacheRows = (int)(Keys.Length / rowFloats);
        if (Rows.Length != batchSize || Lengths.Length != batchSize)
            throw new ArgumentException($"{what}: {name} has {Rows.Length} rows and {Lengths.Length} lengths for a batch of {batchSize}; pass one of each per batch row.");
        for (int b = 0; b < batchSize; b++)
        {
            if ((uint)Rows[b] >= (uint)cacheRows)
                throw new ArgumentException($"{what}: batch row {b} reads {name} row {Rows[b]}, but the cache has {cacheRows} rows.");
            if ((uint)Lengths[b] > (uint)Capacity)
                throw new ArgumentException($"{what}: batch row {b} counts {Lengths[b]} {name} tokens; a row holds 0 to {Capacity}.");
        }
    }
}

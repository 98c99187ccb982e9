namespace ModeHop.Models.Transformer;

/// <summary>
/// The keys and values every layer computed for rows of tokens, kept so that later passes attend to them without
/// recomputing them (see <see cref="TransformerInference"/>). Row r holds <see cref="Length"/>(r) tokens, at most
/// <see cref="Capacity"/>. A cache made on a <see cref="Parent"/> continues it: its row r follows the parent's row
/// <see cref="ParentRow"/>(r), whose tokens come first, so its own token i sits at position
/// <see cref="PrefixLength"/>(r) + i. Several continuation rows then read one copy of a context's keys.
/// The prefix lengths are taken when the cache is made: extend or reset a parent only once its children are done.
/// Layout of each layer's keys and of its values: [Rows, KVH, Capacity, D] (see <see cref="Tensors.Kernels.KvView"/>).
/// Buffers are kept across <see cref="Reset(int, int)"/> calls when they are large enough, so a reused cache stops
/// allocating.
/// </summary>
public sealed class KvCache
{
    readonly float[][] keys, values; // [L][≥ Rows·KVH·Capacity·D]
    int[] lengths = [], parentRows = [], prefixLengths = [];

    public ModelConfig Config { get; }

    /// <summary>Rows of tokens.</summary>
    public int Rows { get; private set; }

    /// <summary>Tokens one row can hold.</summary>
    public int Capacity { get; private set; }

    /// <summary>The cache this one continues, or null for rows that start at position 0.</summary>
    public KvCache? Parent { get; private set; }

    /// <summary>An empty root cache of <paramref name="rows"/> rows of <paramref name="capacity"/> tokens.</summary>
    public KvCache(ModelConfig config, int rows, int capacity)
    {
        config.Validate();
        Config = config;
        keys = new float[config.Layers][];
        values = new float[config.Layers][];
        Reset(rows, capacity);
    }

    /// <summary>An empty cache whose row r continues row <paramref name="parentRows"/>[r] of <paramref name="parent"/>.</summary>
    public KvCache(KvCache parent, ReadOnlySpan<int> parentRows, int capacity) : this(parent.Config, 0, 1)
        => Reset(parent, parentRows, capacity);

    /// <summary>Empties the cache and gives it <paramref name="rows"/> root rows of <paramref name="capacity"/> tokens.</summary>
    public void Reset(int rows, int capacity) => Reset(null, rows, default, capacity);

    /// <summary>Empties the cache and makes its row r continue row <paramref name="parentRows"/>[r] of <paramref name="parent"/>.</summary>
    public void Reset(KvCache parent, ReadOnlySpan<int> parentRows, int capacity)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (parent == this) throw new ArgumentException("A KvCache cannot continue itself; make the continuation rows a second cache.");
        if (parent.Parent is not null)
            throw new ArgumentException("A KvCache continues a root cache only (one level of prefix); its parent already has a parent.");
        if (parent.Config != Config)
            throw new ArgumentException($"The parent cache is for {parent.Config}, this one for {Config}.");
        for (int r = 0; r < parentRows.Length; r++)
            if ((uint)parentRows[r] >= (uint)parent.Rows)
                throw new ArgumentOutOfRangeException(nameof(parentRows), parentRows[r], $"Row {r} continues parent row {parentRows[r]}, but the parent has {parent.Rows} rows.");
        Reset(parent, parentRows.Length, parentRows, capacity);
    }

    void Reset(KvCache? parent, int rows, ReadOnlySpan<int> parentRowsOf, int capacity)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "A KvCache needs a non-negative row count.");
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A KvCache row must hold at least one token.");
        long floats = (long)rows * Config.KvHeads * capacity * Config.HeadDim;
        if (floats > Array.MaxLength)
            throw new ArgumentException($"A KvCache of {rows} rows × {capacity} tokens needs {floats} floats per layer, more than one array holds; use fewer tokens per batch.");
        Rows = rows;
        Capacity = capacity;
        Parent = parent;
        for (int l = 0; l < keys.Length; l++)
        {
            if (keys[l] is null || keys[l].Length < floats)
            {
                keys[l] = GC.AllocateUninitializedArray<float>((int)floats);
                values[l] = GC.AllocateUninitializedArray<float>((int)floats);
            }
        }
        if (lengths.Length < rows)
        {
            lengths = new int[rows];
            parentRows = new int[rows];
            prefixLengths = new int[rows];
        }
        Array.Clear(lengths, 0, rows);
        for (int r = 0; r < rows; r++)
        {
            parentRows[r] = parent is null ? 0 : parentRowsOf[r];
            prefixLengths[r] = parent is null ? 0 : parent.Length(parentRowsOf[r]);
        }
    }

    /// <summary>Tokens row <paramref name="row"/> holds.</summary>
    public int Length(int row) => lengths[CheckRow(row)];

    /// <summary>The parent row that row <paramref name="row"/> continues (0 for a root cache).</summary>
    public int ParentRow(int row) => parentRows[CheckRow(row)];

    /// <summary>Tokens before row <paramref name="row"/>'s own: its parent row's length when this cache was made, else 0.</summary>
    public int PrefixLength(int row) => prefixLengths[CheckRow(row)];

    /// <summary>Layer <paramref name="layer"/>'s keys, [Rows, KVH, Capacity, D].</summary>
    internal Span<float> Keys(int layer) => keys[layer].AsSpan(0, Floats);

    /// <summary>Layer <paramref name="layer"/>'s values, [Rows, KVH, Capacity, D].</summary>
    internal Span<float> Values(int layer) => values[layer].AsSpan(0, Floats);

    internal ReadOnlySpan<int> Lengths => lengths.AsSpan(0, Rows);
    internal ReadOnlySpan<int> PrefixLengths => prefixLengths.AsSpan(0, Rows);
    internal ReadOnlySpan<int> ParentRows => parentRows.AsSpan(0, Rows);

    /// <summary>Counts <paramref name="count"/> more tokens in row <paramref name="row"/> (their keys and values are stored).</summary>
    internal void Grow(int row, int count) => lengths[row] += count;

    /// <summary>Floats held by the buffers, keys and values of every layer.</summary>
    public long HeldFloats => keys.Sum(k => (long)(k?.Length ?? 0)) * 2;

    int Floats => Rows * Config.KvHeads * Capacity * Config.HeadDim;

    int CheckRow(int row) =>
        (uint)row < (uint)Rows ? row : throw new ArgumentOutOfRangeException(nameof(row), row, $"The cache has {Rows} rows.");
}

using ModeHop.Tensors;
using ModeHop.Tensors.Kernels;

namespace ModeHop.Models.Transformer;

/// <summary>
/// An inference pass that appends a chunk of tokens to rows of a <see cref="KvCache"/>: batch row b (right-padded,
/// <see cref="Lengths"/>[b] valid tokens) extends cache row <see cref="Rows"/>[b], its tokens at
/// <see cref="Positions"/> [B·T]. Each layer rotates Q and K at those positions, stores the chunk's keys and values in
/// the cache and attends to the parent row's tokens, the row's earlier tokens and the chunk causally. Rows that start
/// empty in a root cache attend only within the chunk, so they run the full causal kernel. Not differentiable.
/// The caller fills the arrays (grown, never shrunk) before a pass and counts the tokens into the cache after it.
/// </summary>
internal sealed class CachedAttentionStep(ModelConfig config) : IAttentionStep
{
    public KvCache Cache { get; set; } = null!;
    public int BatchSize { get; set; }
    public int SeqLen { get; set; }
    public int[] Rows = [], Lengths = [], Starts = [], PrefixRows = [], PrefixLengths = [], Positions = []; // [B] ×5, [B·T]

    /// <summary>True when no row has a prefix or earlier tokens: the chunk is a whole causal sequence.</summary>
    public bool Fresh { get; set; }

    public void EnsureCapacity(int batchSize, int seqLen)
    {
        if (Rows.Length < batchSize)
        {
            Rows = new int[batchSize];
            Lengths = new int[batchSize];
            Starts = new int[batchSize];
            PrefixRows = new int[batchSize];
            PrefixLengths = new int[batchSize];
        }
        if (Positions.Length < batchSize * seqLen) Positions = new int[batchSize * seqLen];
    }

    public Tensor AddPositions(Tape tape, Tensor x, Tensor table)
    {
        var y = tape.NewTensor(x.Shape);
        PositionEmbeddingKernel.Forward(x.Data, table.Data, Positions.AsSpan(0, BatchSize * SeqLen), config.Channels, y.Data);
        return y;
    }

    public Tensor Attend(Tape tape, Tensor qkv, int layer)
    {
        var c = config;
        int B = BatchSize, T = SeqLen, H = c.Heads, KVH = c.KvHeads, D = c.HeadDim;
        if (c.RotaryDims > 0)
        {
            var rotated = tape.NewTensor(qkv.Shape);
            RotaryKernel.Forward(qkv.Data, Positions.AsSpan(0, B * T), B, T, H, KVH, D, c.RotaryDims, c.RopeTheta, rotated.Data);
            qkv = rotated;
        }
        ReadOnlySpan<int> rows = Rows.AsSpan(0, B), lengths = Lengths.AsSpan(0, B), starts = Starts.AsSpan(0, B);
        var keys = Cache.Keys(layer);
        var values = Cache.Values(layer);
        AttentionKernel.StoreKeysValues(qkv.Data, lengths, rows, starts, B, T, H, KVH, D, Cache.Capacity, keys, values);
        var y = tape.NewTensor([B, T, H * D]);
        if (Fresh)
        {
            AttentionKernel.Forward(qkv.Data, B, T, H, KVH, D, y.Data, default);
            return y;
        }
        var parent = Cache.Parent;
        var prefix = parent is null ? default
            : new KvView(parent.Keys(layer), parent.Values(layer), parent.Capacity, PrefixRows.AsSpan(0, B), PrefixLengths.AsSpan(0, B));
        var own = new KvView(keys, values, Cache.Capacity, rows, starts);
        AttentionKernel.ForwardCached(qkv.Data, lengths, prefix, own, B, T, H, KVH, D, y.Data);
        return y;
    }
}

using ModeHop.Tensors;
using ModeHop.Tensors.Ops;

namespace ModeHop.Models.Transformer;

/// <summary>
/// Forward passes for scoring and sampling: no tape history, tokens appended to rows of a <see cref="KvCache"/>, and
/// the final norm and head computed only at the positions read. It runs the model's own blocks
/// (<see cref="TransformerModel"/>), with a <see cref="CachedAttentionStep"/> in place of the training attention, on
/// two alternating tapes so that only two blocks' intermediates are held at a time.
/// Typical use: run a batch of contexts once into a root cache, then continuation rows into a cache made on it.
/// Not thread-safe: one instance per thread.
/// </summary>
public sealed class TransformerInference
{
    readonly Tape first = new() { Recording = false }, second = new() { Recording = false };
    readonly CachedAttentionStep step;
    int[] marks = [];
    int stamp;
    (int B, int T, int Reads) lastShape;

    // 16 MB: below this the garbage is not worth a collection.
    const long CollectAfterDroppedFloats = 4L << 20;

    public TransformerModel Model { get; }

    public TransformerInference(TransformerModel model)
    {
        Model = model;
        step = new CachedAttentionStep(model.Config);
    }

    /// <summary>
    /// Runs <paramref name="ids"/> [B·T] as the next tokens of cache rows <paramref name="rows"/> [B]: batch row b's
    /// first <paramref name="lengths"/>[b] tokens are real (at least one), the rest padding. Their keys and values are
    /// stored in the cache and counted in its row lengths. Returns the logits [R, V] at the R flat token indices
    /// <paramref name="reads"/> (b·T + t, t &lt; lengths[b]), in that order; the tensor is overwritten by the next call.
    /// </summary>
    public Tensor Extend(KvCache cache, int[] ids, int batchSize, int seqLen, ReadOnlySpan<int> rows, ReadOnlySpan<int> lengths, ReadOnlySpan<int> reads)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(ids);
        var config = Model.Config;
        int B = batchSize, T = seqLen;
        Check(cache, ids, B, T, rows, lengths, reads);

        step.EnsureCapacity(B, T);
        step.Cache = cache;
        step.BatchSize = B;
        step.SeqLen = T;
        bool fresh = cache.Parent is null;
        for (int b = 0; b < B; b++)
        {
            int row = rows[b], start = cache.Length(row), prefix = cache.PrefixLength(row);
            step.Rows[b] = row;
            step.Lengths[b] = lengths[b];
            step.Starts[b] = start;
            step.PrefixRows[b] = cache.ParentRow(row);
            step.PrefixLengths[b] = prefix;
            fresh &= start == 0;
            // Padding repeats the last real position: never read, and always inside the position tables.
            for (int t = 0; t < T; t++) step.Positions[b * T + t] = prefix + start + Math.Min(t, lengths[b] - 1);
        }
        step.Fresh = fresh;

        // The previous pass's buffers go back to the pools, which keep only the sizes that pass used.
        first.Reset();
        second.Reset();
        // Pools recycle by exact size, so a pass of another shape could not reuse the last pass's buffers: drop them
        // rather than hold both. The GC would leave hundreds of MB of dropped large arrays for later, which in practice
        // means the process holds several batches' worth: collect them now (milliseconds, against seconds per batch).
        // Passes of one shape (sampling steps) keep reusing theirs.
        if ((B, T, reads.Length) != lastShape)
        {
            if (first.Trim() + second.Trim() >= CollectAfterDroppedFloats) GC.Collect();
            lastShape = (B, T, reads.Length);
        }
        var (x, tape) = Model.Hidden(first, second, ids, B, T, step); // [B, T, C]
        var logits = reads.Length == 0 ? tape.NewTensor([0, config.VocabSize])
            : Model.Logits(tape, Ops.GatherRows(tape, x, reads));      // [R, C] → [R, V]
        for (int b = 0; b < B; b++) cache.Grow(rows[b], lengths[b]);
        return logits;
    }

    /// <summary>Floats held by the two tapes' pools: the intermediates of the largest pass so far.</summary>
    public long PooledFloats => first.PooledFloats + second.PooledFloats;

    void Check(KvCache cache, int[] ids, int B, int T, ReadOnlySpan<int> rows, ReadOnlySpan<int> lengths, ReadOnlySpan<int> reads)
    {
        var config = Model.Config;
        if (cache.Config != config)
            throw new ArgumentException($"The cache is for {cache.Config}, the model is {config}.");
        if (B < 1 || T < 1 || ids.Length != (long)B * T)
            throw new ArgumentException($"Extend: {ids.Length} ids do not make batch size {B} × sequence length {T} (both at least 1).");
        if (rows.Length != B || lengths.Length != B)
            throw new ArgumentException($"Extend: {rows.Length} rows and {lengths.Length} lengths for a batch of {B}; pass one of each per batch row.");
        if (marks.Length < cache.Rows) marks = new int[cache.Rows];
        stamp++;
        for (int b = 0; b < B; b++)
        {
            int row = rows[b], length = lengths[b];
            if ((uint)row >= (uint)cache.Rows)
                throw new ArgumentException($"Extend: batch row {b} extends cache row {row}, but the cache has {cache.Rows} rows.");
            if (marks[row] == stamp)
                throw new ArgumentException($"Extend: cache row {row} appears twice in one pass; extend it once per pass.");
            marks[row] = stamp;
            if (length < 1 || length > T)
                throw new ArgumentException($"Extend: batch row {b} has {length} tokens; it needs 1 to {T}.");
            if (cache.Length(row) + length > cache.Capacity)
                throw new ArgumentException($"Extend: cache row {row} holds {cache.Length(row)} tokens and gets {length} more, past its capacity {cache.Capacity}; make the cache longer.");
            int last = cache.PrefixLength(row) + cache.Length(row) + length - 1;
            if (last >= config.MaxSeqLen)
                throw new ArgumentException($"Extend: batch row {b} reaches position {last}, but the model reads at most {config.MaxSeqLen} tokens; shorten the context or the continuation.");
        }
        for (int i = 0; i < reads.Length; i++)
        {
            int read = reads[i];
            if ((uint)read >= (uint)(B * T) || read % T >= lengths[read / T])
                throw new ArgumentException($"Extend: read {i} is token index {read}, which is not a real token of the {B}×{T} batch.");
        }
    }
}

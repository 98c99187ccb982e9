using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// Token embedding: y[b, t, :] = table[ids[b·T + t], :]. table [V, C], ids [B·T] → y [B, T, C].
    /// Backward: dTable[ids[i], :] += dY[i, :]. Backward reads <paramref name="ids"/> again: leave the
    /// array unchanged until it has run. Ids outside [0, V) throw, naming the id.
    /// </summary>
    public static Tensor Embedding(Tape tape, Tensor table, int[] ids, int batchSize, int seqLen)
        => Embedding(tape, table, ids, ids, batchSize, seqLen);

    /// <summary>As <see cref="Embedding(Tape, Tensor, int[], int, int)"/>; the ids are copied when backward will need them.</summary>
    public static Tensor Embedding(Tape tape, Tensor table, ReadOnlySpan<int> ids, int batchSize, int seqLen)
        => Embedding(tape, table, ids, tape.Recording && table.RequiresGrad ? ids.ToArray() : null, batchSize, seqLen);

    static Tensor Embedding(Tape tape, Tensor table, ReadOnlySpan<int> ids, int[]? kept, int batchSize, int seqLen)
    {
        if (table.Shape.Length != 2) throw new ArgumentException($"Embedding: table must be [V, C], got {table}.");
        if (batchSize <= 0 || seqLen <= 0 || ids.Length != (long)batchSize * seqLen)
            throw new ArgumentException($"Embedding: {ids.Length} ids do not make batch size {batchSize} × sequence length {seqLen}.");
        int C = table.Shape[1];
        var y = tape.NewOutput([batchSize, seqLen, C], table);
        EmbeddingKernel.Forward(table.Data, ids, C, y.Data);
        tape.Record(y, () =>
        {
            if (table.RequiresGrad) EmbeddingKernel.Backward(tape.GradOf(y), kept, C, tape.GradOf(table));
        });
        return y;
    }
}

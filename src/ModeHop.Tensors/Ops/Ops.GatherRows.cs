using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// Rows of x [.., C] (its N = x.Rows rows, outer dimensions flattened): y[i, :] = x[rows[i], :], y [R, C]; rows may
    /// repeat. Backward: dX[rows[i], :] += dY[i, :] (the embedding lookup's rules, <see cref="EmbeddingKernel"/>, with x as
    /// the table). Used to run the head and the loss only at the positions that are scored. Backward reads
    /// <paramref name="rows"/> again: leave the array unchanged until it has run. Rows outside [0, N) throw.
    /// </summary>
    public static Tensor GatherRows(Tape tape, Tensor x, int[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (x.Shape.Length == 0) throw new ArgumentException($"GatherRows: x must have a last dimension, got {x}.");
        int C = x.Shape[^1];
        var y = tape.NewOutput([rows.Length, C], x);
        EmbeddingKernel.Forward(x.Data, rows, C, y.Data);
        tape.Record(y, () =>
        {
            if (x.RequiresGrad) EmbeddingKernel.Backward(tape.GradOf(y), rows, C, tape.GradOf(x));
        });
        return y;
    }
}

using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// Elementwise a + b of equal shapes (the residual connection). Backward: dA += dY, dB += dY; an intermediate
    /// a with no gradient yet takes dY's buffer as its own instead of a copy (dY is not read after this rule).
    /// </summary>
    public static Tensor Add(Tape tape, Tensor a, Tensor b)
    {
        CheckSameShape(a, b, "Add");
        var y = tape.NewOutput(a.Shape, a, b);
        VectorLoops.Add(a.Data, b.Data, y.Data);
        tape.Record(y, () =>
        {
            var dY = tape.GradOf(y);
            if (a.RequiresGrad) tape.ShareOrAccumulateGrad(y, a);
            if (b.RequiresGrad) tape.AccumulateGrad(b, dY);
        });
        return y;
    }
}

using System.Numerics.Tensors;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>Elementwise a + b of equal shapes (the residual connection). Backward: dA += dY, dB += dY.</summary>
    public static Tensor Add(Tape tape, Tensor a, Tensor b)
    {
        CheckSameShape(a, b, "Add");
        var y = tape.NewOutput(a.Shape, a, b);
        TensorPrimitives.Add(a.Data, b.Data, y.Data);
        tape.Record(y, () =>
        {
            var dY = tape.GradOf(y);
            if (a.RequiresGrad) tape.AccumulateGrad(a, dY);
            if (b.RequiresGrad) tape.AccumulateGrad(b, dY);
        });
        return y;
    }
}

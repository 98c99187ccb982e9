using System.Numerics.Tensors;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>y = s·x, elementwise. Backward: dX += s·dY.</summary>
    public static Tensor Scale(Tape tape, Tensor x, float s)
    {
        var y = tape.NewOutput(x.Shape, x);
        TensorPrimitives.Multiply(x.Data, s, y.Data);
        tape.Record(y, () =>
        {
            var dX = tape.GradOf(x);
            TensorPrimitives.MultiplyAdd(tape.GradOf(y), s, dX, dX);
        });
        return y;
    }
}

using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>SiLU: y = x·σ(x), elementwise. Backward: dX += dY·σ(x)·(1 + x·(1 − σ(x))).</summary>
    public static Tensor Silu(Tape tape, Tensor x)
    {
        var y = tape.NewOutput(x.Shape, x);
        SiluKernel.Forward(x.Data, y.Data);
        tape.Record(y, () =>
        {
            var dX = tape.GradForWrite(x, out bool overwrite);
            SiluKernel.Backward(x.Data, tape.GradOf(y), dX, accumulate: !overwrite);
        });
        return y;
    }
}

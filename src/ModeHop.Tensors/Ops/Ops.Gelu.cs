using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// GELU, tanh approximation (GPT-2 <c>gelu_new</c>): y = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), elementwise.
    /// Backward: dX += dY·y'(x).
    /// </summary>
    public static Tensor GeluTanh(Tape tape, Tensor x)
    {
        var y = tape.NewOutput(x.Shape, x);
        GeluKernel.TanhForward(x.Data, y.Data);
        tape.Record(y, () =>
        {
            var dX = tape.GradForWrite(x, out bool overwrite);
            GeluKernel.TanhBackward(x.Data, tape.GradOf(y), dX, accumulate: !overwrite);
        });
        return y;
    }

    /// <summary>
    /// GELU, exact (GPT-NeoX <c>gelu</c>): y = 0.5·x·(1 + erf(x/√2)), elementwise.
    /// Backward: dX += dY·(Φ(x) + x·φ(x)).
    /// </summary>
    public static Tensor GeluErf(Tape tape, Tensor x)
    {
        var y = tape.NewOutput(x.Shape, x);
        GeluKernel.ErfForward(x.Data, y.Data);
        tape.Record(y, () =>
        {
            var dX = tape.GradForWrite(x, out bool overwrite);
            GeluKernel.ErfBackward(x.Data, tape.GradOf(y), dX, accumulate: !overwrite);
        });
        return y;
    }
}

using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// RMSNorm over the last dimension, as Hugging Face Llama in fp32: y = weight · x/√(mean(x²) + eps).
    /// x [.., C], weight [C] → y [.., C]. Keeps 1/rms per row for backward (see <see cref="RmsNormKernel"/>).
    /// </summary>
    public static Tensor RmsNorm(Tape tape, Tensor x, Tensor weight, float eps)
    {
        if (weight.Shape.Length != 1) throw new ArgumentException($"RmsNorm: weight must be 1-D, got {weight}.");
        int C = weight.Shape[0];
        CheckLast(x, C, "RmsNorm input");
        int R = x.Rows;
        var y = tape.NewOutput(x.Shape, x, weight);
        var rstd = tape.NewTensor([R]);
        RmsNormKernel.Forward(x.Data, weight.Data, R, eps, y.Data, rstd.Data);
        tape.Record(y, () =>
        {
            var scratch = weight.RequiresGrad ? tape.NewTensor([RmsNormKernel.BackwardScratchLength(R, C)]).Data : default;
            RmsNormKernel.Backward(x.Data, weight.Data, rstd.Data, tape.GradOf(y), R, scratch,
                x.RequiresGrad ? tape.GradOf(x) : default,
                weight.RequiresGrad ? tape.GradOf(weight) : default);
        });
        return y;
    }
}

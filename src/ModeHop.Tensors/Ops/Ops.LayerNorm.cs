using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// LayerNorm over the last dimension: y = (x − μ)/√(σ² + eps) · weight + bias, with μ and σ² the
    /// row's mean and biased variance. x [.., C], weight [C], bias [C] or null → y [.., C].
    /// Keeps μ and 1/σ per row for backward (see <see cref="LayerNormKernel"/> for the rule).
    /// </summary>
    public static Tensor LayerNorm(Tape tape, Tensor x, Tensor weight, Tensor? bias, float eps)
    {
        if (weight.Shape.Length != 1) throw new ArgumentException($"LayerNorm: weight must be 1-D, got {weight}.");
        int C = weight.Shape[0];
        CheckLast(x, C, "LayerNorm input");
        if (bias is not null && (bias.Shape.Length != 1 || bias.Shape[0] != C))
            throw new ArgumentException($"LayerNorm: bias must be [{C}], got {bias}.");
        int R = x.Rows;
        var y = tape.NewOutput(x.Shape, x, weight, bias);
        var mean = tape.NewTensor([R]);
        var rstd = tape.NewTensor([R]);
        LayerNormKernel.Forward(x.Data, weight.Data, bias is null ? default : bias.Data, R, eps, y.Data, mean.Data, rstd.Data);
        tape.Record(y, () =>
        {
            bool sums = weight.RequiresGrad || bias is { RequiresGrad: true };
            var scratch = sums ? tape.NewTensor([LayerNormKernel.BackwardScratchLength(R, C)]).Data : default;
            LayerNormKernel.Backward(x.Data, weight.Data, mean.Data, rstd.Data, tape.GradOf(y), R, scratch,
                x.RequiresGrad ? tape.GradOf(x) : default,
                weight.RequiresGrad ? tape.GradOf(weight) : default,
                bias is { RequiresGrad: true } ? tape.GradOf(bias) : default);
        });
        return y;
    }
}

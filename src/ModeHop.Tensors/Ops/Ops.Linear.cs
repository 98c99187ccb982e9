using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// y = x·Wᵀ + b, the nn.Linear convention. x [.., K], weight [N, K], bias [N] or null → y [.., N].
    /// Backward: dX += dY·W, dW += dYᵀ·X, db += Σ_rows dY.
    /// </summary>
    public static Tensor Linear(Tape tape, Tensor x, Tensor weight, Tensor? bias)
    {
        if (weight.Shape.Length != 2) throw new ArgumentException($"Linear: weight must be 2-D, got {weight}.");
        int N = weight.Shape[0], K = weight.Shape[1];
        CheckLast(x, K, "Linear input");
        if (bias is not null && (bias.Shape.Length != 1 || bias.Shape[0] != N))
            throw new ArgumentException($"Linear: bias must be [{N}], got {bias}.");
        int M = x.Rows;
        var y = tape.NewOutput(WithLast(x.Shape, N), x, weight, bias);
        Gemm.Compute(false, true, M, N, K, x.Data, K, weight.Data, K, y.Data, N, accumulate: false);
        if (bias is not null) BiasKernel.Forward(bias.Data, M, y.Data);

        tape.Record(y, () =>
        {
            var dY = tape.GradOf(y);
            if (x.RequiresGrad)
            {
                var dX = tape.GradForWrite(x, out bool overwrite);
                Gemm.Compute(false, false, M, K, N, dY, N, weight.Data, K, dX, K, accumulate: !overwrite);
            }
            if (weight.RequiresGrad)
            {
                var dWeight = tape.GradForWrite(weight, out bool overwrite);
                Gemm.Compute(true, false, N, K, M, dY, N, x.Data, K, dWeight, K, accumulate: !overwrite);
            }
            if (bias is { RequiresGrad: true })
                BiasKernel.Backward(dY, M, tape.NewTensor([BiasKernel.BackwardScratchLength(M, N)]).Data, tape.GradOf(bias));
        });
        return y;
    }
}

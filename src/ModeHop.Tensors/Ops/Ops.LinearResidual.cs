using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// y = residual + (x·Wᵀ + b), a block's output projection and the residual add after it in one pass: the bias and the
    /// residual are added to each tile of the product as it is finished (<see cref="Epilogue"/>), so the projection's own
    /// output is never written and read back. x [.., K], weight [N, K], bias [N] or null, residual [.., N] of y's shape.
    /// The same values as <c>Add(residual, Linear(x, W, b))</c>, forward and backward.
    /// Backward: dX += dY·W, dW += dYᵀ·X, db += Σ_rows dY, dResidual += dY (a residual with no gradient yet takes dY's
    /// buffer, after the projection's backward has read it).
    /// </summary>
    public static Tensor LinearResidual(Tape tape, Tensor x, Tensor weight, Tensor? bias, Tensor residual)
    {
        var (M, N, K) = CheckLinear(x, weight, bias, "LinearResidual");
        var shape = WithLast(x.Shape, N);
        if (!residual.Shape.AsSpan().SequenceEqual(shape))
            throw new ArgumentException($"LinearResidual: the residual must have the output's shape [{string.Join(", ", shape)}], got {residual}.");
        var y = tape.NewOutput(shape, x, weight, bias, residual);
        Gemm.LinearForward(x.Data, weight.Data, bias is null ? default : bias.Data, M, N, K, EpilogueActivation.None, y.Data, default, residual.Data);

        tape.Record(y, () =>
        {
            var dY = tape.GradOf(y);
            LinearBackward(tape, x, weight, bias, dY, M, N, K);
            if (residual.RequiresGrad) tape.ShareOrAccumulateGrad(y, residual);
        });
        return y;
    }
}

using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// y = x·Wᵀ + b, the nn.Linear convention. x [.., K], weight [N, K], bias [N] or null → y [.., N].
    /// The bias is added to each tile of y as the multiply finishes it (<see cref="Epilogue"/>).
    /// Backward: dX += dY·W, dW += dYᵀ·X, db += Σ_rows dY.
    /// </summary>
    public static Tensor Linear(Tape tape, Tensor x, Tensor weight, Tensor? bias)
    {
        var (M, N, K) = CheckLinear(x, weight, bias, "Linear");
        var y = tape.NewOutput(WithLast(x.Shape, N), x, weight, bias);
        Gemm.LinearForward(x.Data, weight.Data, bias is null ? default : bias.Data, M, N, K, EpilogueActivation.None, y.Data, default);

        tape.Record(y, () =>
        {
            LinearBackward(tape, x, weight, bias, tape.GradOf(y), M, N, K);
        });
        return y;
    }

    /// <summary>Checks a linear layer's operands and returns (M rows, N outputs, K inputs).</summary>
    static (int M, int N, int K) CheckLinear(Tensor x, Tensor weight, Tensor? bias, string what)
    {
        if (weight.Shape.Length != 2) throw new ArgumentException($"{what}: weight must be 2-D, got {weight}.");
        int N = weight.Shape[0], K = weight.Shape[1];
        CheckLast(x, K, $"{what} input");
        if (bias is not null && (bias.Shape.Length != 1 || bias.Shape[0] != N))
            throw new ArgumentException($"{what}: bias must be [{N}], got {bias}.");
        return (x.Rows, N, K);
    }

    /// <summary>
    /// dX += dY·W and dW += dYᵀ·X (written, not added, when the gradient is still zero), then db += Σ_rows dY when a
    /// <paramref name="bias"/> is given. dY [M, N].
    /// </summary>
    static void LinearBackward(Tape tape, Tensor x, Tensor weight, Tensor? bias, ReadOnlySpan<float> dY, int M, int N, int K)
    {
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
    }
}

using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

/// <summary>Which GELU: GPT-2's tanh approximation (<c>gelu_new</c>) or the exact erf form (GPT-NeoX <c>gelu</c>).</summary>
public enum GeluForm
{
    Tanh,
    Erf,
}

public static partial class Ops
{
    /// <summary>
    /// y = GELU(x·Wᵀ + b), an MLP's first layer and its activation in one pass: the bias and the GELU are applied to each
    /// tile of the product as it is finished, and the pre-activation h = x·Wᵀ + b is kept for backward.
    /// x [.., K], weight [N, K], bias [N] or null → y [.., N]. The same values as <c>GeluTanh(Linear(x, W, b))</c>
    /// (or <c>GeluErf</c>). Backward: dH = dY·gelu'(h), with db += Σ_rows dH in the same pass; dX += dH·W, dW += dHᵀ·X.
    /// </summary>
    public static Tensor LinearGelu(Tape tape, Tensor x, Tensor weight, Tensor? bias, GeluForm form)
    {
        var (M, N, K) = CheckLinear(x, weight, bias, "LinearGelu");
        bool tanh = form == GeluForm.Tanh;
        var h = tape.NewTensor(WithLast(x.Shape, N));
        var y = tape.NewOutput(h.Shape, x, weight, bias);
        Gemm.LinearForward(x.Data, weight.Data, bias is null ? default : bias.Data, M, N, K,
            tanh ? EpilogueActivation.GeluTanh : EpilogueActivation.GeluErf, h.Data, y.Data);

        tape.Record(y, () =>
        {
            var dY = tape.GradOf(y);
            var dH = tape.NewTensor(h.Shape).Data;
            if (bias is { RequiresGrad: true })
                GeluBiasKernel.Backward(tanh, h.Data, dY, M, tape.NewTensor([BiasKernel.BackwardScratchLength(M, N)]).Data, dH, tape.GradOf(bias));
            else if (tanh) GeluKernel.TanhBackward(h.Data, dY, dH, accumulate: false);
            else GeluKernel.ErfBackward(h.Data, dY, dH, accumulate: false);
            LinearBackward(tape, x, weight, bias: null, dH, M, N, K); // db was summed with dH above
        });
        return y;
    }
}

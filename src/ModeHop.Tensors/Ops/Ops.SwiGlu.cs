using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// SwiGLU on a fused gate/up projection: gateUp [.., 2I] → y [.., I], y = silu(g)·u where g is the
    /// first I channels of the row (Llama <c>gate_proj</c>) and u the last I (<c>up_proj</c>).
    /// Backward: dG += dY·u·silu'(g), dU += dY·silu(g).
    /// </summary>
    public static Tensor SwiGlu(Tape tape, Tensor gateUp)
    {
        if (gateUp.Shape.Length == 0 || gateUp.Shape[^1] % 2 != 0)
            throw new ArgumentException($"SwiGlu: the last dimension must hold gate and up halves of equal size, got {gateUp}.");
        int R = gateUp.Rows;
        var y = tape.NewOutput(WithLast(gateUp.Shape, gateUp.Shape[^1] / 2), gateUp);
        SwiGluKernel.Forward(gateUp.Data, R, y.Data);
        tape.Record(y, () => SwiGluKernel.Backward(gateUp.Data, tape.GradOf(y), R, tape.GradOf(gateUp)));
        return y;
    }
}

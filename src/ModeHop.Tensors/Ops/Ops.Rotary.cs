using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// Rotary position embedding on a fused qkv [B, T, (H + 2·KVH)·D] (layout in <see cref="QkvLayout"/>) → a new
    /// tensor of the same shape. Every Q and K head's first <paramref name="rotaryDims"/> dims (R) are rotated in
    /// the HF rotate-half pairing (i, i + R/2) by the angle <c>p / θ^(2i/R)</c> at position
    /// p = <paramref name="positionOffset"/> + t: <c>y = x·cos + rotate_half(x)·sin</c>. Dims R..D−1 and the V heads
    /// are copied. GPT-NeoX: R = rotary_pct·D, θ = rotary_emb_base; Llama: R = D, θ = rope_theta.
    /// Backward: dX += R(−angle)·dY on Q and K, dX += dY on V.
    /// </summary>
    public static Tensor Rotary(Tape tape, Tensor qkv, int headCount, int kvHeadCount, int headDim, int rotaryDims, float theta, int positionOffset = 0)
    {
        var (B, T) = CheckQkv(qkv, headCount, kvHeadCount, headDim, "Rotary");
        var y = tape.NewOutput(qkv.Shape, qkv);
        RotaryKernel.Forward(qkv.Data, B, T, headCount, kvHeadCount, headDim, rotaryDims, theta, positionOffset, y.Data);
        tape.Record(y, () =>
        {
            if (qkv.RequiresGrad)
                RotaryKernel.Backward(tape.GradOf(y), B, T, headCount, kvHeadCount, headDim, rotaryDims, theta, positionOffset, tape.GradOf(qkv));
        });
        return y;
    }
}

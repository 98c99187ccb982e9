using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// Causal self-attention, multi-head (KVH = H) or grouped-query (query head h reads kv head h / (H/KVH)),
    /// on a fused qkv [B, T, (H + 2·KVH)·D] (layout in <see cref="QkvLayout"/>) → [B, T, H·D], head h in
    /// channels h·D..h·D+D−1. <c>O_h = softmax(Q_h·K_gᵀ/√D + causal mask)·V_g</c>, softmax in fp32.
    /// Each row's log-sum-exp [B, H, T] is kept on the tape when recording, and the backward recomputes P from it.
    /// Backward: dV = Pᵀ·dO, dP = dO·Vᵀ,
    /// dS = P ⊙ (dP − rowsum(dP ⊙ P)), dQ = dS·K/√D, dK = dSᵀ·Q/√D, accumulated into dQkv.
    /// </summary>
    public static Tensor CausalAttention(Tape tape, Tensor qkv, int headCount, int kvHeadCount, int headDim)
    {
        var (B, T) = CheckQkv(qkv, headCount, kvHeadCount, headDim, "CausalAttention");
        var y = tape.NewOutput([B, T, headCount * headDim], qkv);
        var logSumExp = y.RequiresGrad ? tape.NewTensor([B, headCount, T]) : null;
        AttentionKernel.Forward(qkv.Data, B, T, headCount, kvHeadCount, headDim, y.Data, logSumExp is null ? default : logSumExp.Data);
        tape.Record(y, () =>
        {
            if (qkv.RequiresGrad)
            {
                var dQkv = tape.GradForWrite(qkv, out bool overwrite);
                AttentionKernel.Backward(qkv.Data, logSumExp!.Data, tape.GradOf(y), B, T, headCount, kvHeadCount, headDim, dQkv, accumulate: !overwrite);
            }
        });
        return y;
    }

    /// <summary>Checks a fused qkv tensor [B, T, (H + 2·KVH)·D] against the head counts and returns (B, T).</summary>
    static (int B, int T) CheckQkv(Tensor qkv, int headCount, int kvHeadCount, int headDim, string what)
    {
        QkvLayout.CheckHeads(headCount, kvHeadCount, headDim, what);
        if (qkv.Shape.Length != 3)
            throw new ArgumentException($"{what}: qkv must be 3-D [B, T, (H + 2·KVH)·D], got {qkv}.");
        int channels = QkvLayout.Channels(headCount, kvHeadCount, headDim);
        if (qkv.Shape[2] != channels)
            throw new ArgumentException($"{what}: qkv {qkv} has {qkv.Shape[2]} channels per token, but H={headCount}, KVH={kvHeadCount}, D={headDim} need (H + 2·KVH)·D = {channels}.");
        return (qkv.Shape[0], qkv.Shape[1]);
    }
}

using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// OLMo 2's query/key norm on a fused qkv [B, T, (H + 2·KVH)·D] (layout in <see cref="QkvLayout"/>) → a new tensor
    /// of the same shape: every token's whole Q slice (H·D wide, all heads together) is RMS-normed with
    /// <paramref name="qWeight"/> [H·D], its whole K slice with <paramref name="kWeight"/> [KVH·D], as
    /// <c>q_norm(q_proj(x))</c> and <c>k_norm(k_proj(x))</c> in Hugging Face Olmo2Attention, before the heads are split
    /// and before rotary; V is copied. Keeps 1/rms of both slices per token for backward (see <see cref="QkNormKernel"/>).
    /// </summary>
    public static Tensor QkNorm(Tape tape, Tensor qkv, Tensor qWeight, Tensor kWeight, int headCount, int kvHeadCount, int headDim, float eps)
    {
        var (B, T) = CheckQkv(qkv, headCount, kvHeadCount, headDim, "QkNorm");
        if (qWeight.Shape.Length != 1 || qWeight.Shape[0] != headCount * headDim)
            throw new ArgumentException($"QkNorm: the query norm weight must be [{headCount * headDim}] (H·D), got {qWeight}.");
        if (kWeight.Shape.Length != 1 || kWeight.Shape[0] != kvHeadCount * headDim)
            throw new ArgumentException($"QkNorm: the key norm weight must be [{kvHeadCount * headDim}] (KVH·D), got {kWeight}.");
        int N = B * T;
        var y = tape.NewOutput(qkv.Shape, qkv, qWeight, kWeight);
        var rstd = tape.NewTensor([2, N]);
        QkNormKernel.Forward(qkv.Data, qWeight.Data, kWeight.Data, N, eps, y.Data, rstd.Data);
        tape.Record(y, () =>
        {
            bool sums = qWeight.RequiresGrad || kWeight.RequiresGrad;
            var scratch = sums ? tape.NewTensor([QkNormKernel.BackwardScratchLength(N, qWeight.Size, kWeight.Size)]).Data : default;
            QkNormKernel.Backward(qkv.Data, qWeight.Data, kWeight.Data, rstd.Data, tape.GradOf(y), N, scratch,
                qkv.RequiresGrad ? tape.GradOf(qkv) : default,
                qWeight.RequiresGrad ? tape.GradOf(qWeight) : default,
                kWeight.RequiresGrad ? tape.GradOf(kWeight) : default);
        });
        return y;
    }
}

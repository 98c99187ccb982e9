using ModeHop.Tensors;

namespace ModeHop.Models.Transformer;

/// <summary>
/// One block's parameters in the internal layout shared by every family (nn.Linear [out, in]):
/// qkv rows are [Q heads | K heads | V heads]; for SwiGLU, fc rows are [gate | up]. Norm1 and Norm2 are the norms
/// before attention and before the MLP, or, in OLMo 2's post-norm block, after them.
/// </summary>
public sealed class LayerWeights
{
    public required Tensor Norm1Weight { get; init; }   // [C]
    public Tensor? Norm1Bias { get; init; }             // [C], LayerNorm only
    public required Tensor QkvWeight { get; init; }     // [(H+2KVH)·D, C]
    public Tensor? QkvBias { get; init; }               // [(H+2KVH)·D]
    public Tensor? QNormWeight { get; init; }           // [H·D], OLMo 2 only
    public Tensor? KNormWeight { get; init; }           // [KVH·D], OLMo 2 only
    public required Tensor ProjWeight { get; init; }    // [C, H·D]
    public Tensor? ProjBias { get; init; }              // [C]
    public required Tensor Norm2Weight { get; init; }   // [C]
    public Tensor? Norm2Bias { get; init; }             // [C]
    public required Tensor FcWeight { get; init; }      // [I, C], or [2I, C] for SwiGLU
    public Tensor? FcBias { get; init; }                // [I]
    public required Tensor Fc2Weight { get; init; }     // [C, I]
    public Tensor? Fc2Bias { get; init; }               // [C]

    /// <summary>Every parameter of the block, in a fixed order.</summary>
    public IEnumerable<Tensor> Parameters()
    {
        foreach (var t in new[] { Norm1Weight, Norm1Bias, QkvWeight, QkvBias, QNormWeight, KNormWeight, ProjWeight, ProjBias, Norm2Weight, Norm2Bias, FcWeight, FcBias, Fc2Weight, Fc2Bias })
            if (t is not null) yield return t;
    }
}

using ModeHop.Tensors;
using ModeHop.Tensors.Ops;

namespace ModeHop.Models.Transformer;

/// <summary>
/// The training pass: every row is a whole sequence at positions 0..T−1, attending causally to itself; differentiable.
/// </summary>
internal sealed class CausalAttentionStep(ModelConfig config) : IAttentionStep
{
    public Tensor AddPositions(Tape tape, Tensor x, Tensor table) => Ops.AddPositions(tape, x, table);

    public Tensor Attend(Tape tape, Tensor qkv, int layer)
    {
        var c = config;
        if (c.RotaryDims > 0) qkv = Ops.Rotary(tape, qkv, c.Heads, c.KvHeads, c.HeadDim, c.RotaryDims, c.RopeTheta);
        return Ops.CausalAttention(tape, qkv, c.Heads, c.KvHeads, c.HeadDim); // [B, T, H·D]
    }
}

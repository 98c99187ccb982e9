using ModeHop.Tensors;

namespace ModeHop.Models.Transformer;

/// <summary>
/// The part of a forward pass that depends on where its tokens sit: learned positions and, in every block, rotary
/// then attention. Everything else (norms, the QKV and output projections, the MLP, residuals, the head) is the same
/// code for training and inference. <see cref="CausalAttentionStep"/> is the full-sequence training pass;
/// <see cref="CachedAttentionStep"/> appends tokens to a <see cref="KvCache"/> and attends to what it holds.
/// </summary>
internal interface IAttentionStep
{
    /// <summary>x [B, T, C] plus the learned position of each token (GPT-2's <c>wpe</c>, [maxT, C]).</summary>
    Tensor AddPositions(Tape tape, Tensor x, Tensor table);

    /// <summary>Layer <paramref name="layer"/>'s rotary (when the family has it) and attention: qkv [B, T, (H+2KVH)·D] → [B, T, H·D].</summary>
    Tensor Attend(Tape tape, Tensor qkv, int layer);
}

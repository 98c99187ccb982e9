namespace ModeHop.Models.Adapters;

/// <summary>
/// The two projections of every block that low-rank adapters train. Each is one Hugging Face module in every family
/// (<see cref="LoraModules"/>), so an adapter saved by ModeHop is one PEFT can load and the other way round.
/// </summary>
public enum LoraTarget
{
    /// <summary>The attention output projection (internal <c>proj</c>; GPT-2 attn.c_proj, GPT-NeoX attention.dense, Llama/OLMo self_attn.o_proj).</summary>
    AttentionOutput = 0,

    /// <summary>The MLP output projection (internal <c>fc2</c>; GPT-2 mlp.c_proj, GPT-NeoX mlp.dense_4h_to_h, Llama/OLMo mlp.down_proj).</summary>
    MlpOutput = 1,
}

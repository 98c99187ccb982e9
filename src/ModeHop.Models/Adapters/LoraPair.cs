using ModeHop.Tensors;

namespace ModeHop.Models.Adapters;

/// <summary>
/// The adapter of one projection W [out, in]: <see cref="A"/> [r, in] and <see cref="B"/> [out, r], trainable
/// parameters named <c>layers.{l}.{proj|fc2}.lora_A</c> and <c>.lora_B</c>. The adapted projection is
/// <c>y = x·Wᵀ + b + scale·(x·Aᵀ)·Bᵀ</c> (PEFT's LoRA layer with scale = alpha / r).
/// </summary>
public sealed class LoraPair
{
    public LoraPair(string prefix, int rank, int inputs, int outputs)
    {
        A = Tensor.Parameter(prefix + ".lora_A", rank, inputs);
        B = Tensor.Parameter(prefix + ".lora_B", outputs, rank);
    }

    /// <summary>The down projection [r, in]: PEFT's <c>lora_A.weight</c>.</summary>
    public Tensor A { get; }

    /// <summary>The up projection [out, r]: PEFT's <c>lora_B.weight</c>; zero at initialisation, so a fresh adapter changes nothing.</summary>
    public Tensor B { get; }

    public int Inputs => A.Shape[1];

    public int Outputs => B.Shape[0];
}

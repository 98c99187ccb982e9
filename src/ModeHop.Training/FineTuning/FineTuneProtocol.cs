using ModeHop.Training.Optim;

namespace ModeHop.Training.FineTuning;

/// <summary>
/// The fixed optimiser of the suite's fine-tuning families (docs/finetune.md), in one place: a fresh AdamW per
/// fine-tune with β1 0.9, β2 0.999, ε 1e-8 (PyTorch's and PEFT's defaults for short fine-tunes, where β2 0.95's
/// faster second moment buys nothing), no weight decay (the fine-tune is a few dozen steps; decaying a frozen base is
/// not possible and decaying adapters that start at B = 0 would only shrink them), gradients clipped to global norm 1.0
/// and a constant learning rate (the set's). The data, steps, batch, rate and seed come from the FineTuneSet.
/// </summary>
public static class FineTuneProtocol
{
    public static AdamWOptions Optimizer { get; } = new() { Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f, WeightDecay = 0f };

    /// <summary>Global gradient-norm clip (torch.nn.utils.clip_grad_norm_ max_norm).</summary>
    public const float ClipNorm = 1f;
}

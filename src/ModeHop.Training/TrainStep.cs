using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Training.Optim;

namespace ModeHop.Training;

/// <summary>What one optimiser step saw: the loss before the update and the gradient norm before clipping.</summary>
public readonly record struct StepOutcome(float Loss, double GradNorm);

/// <summary>
/// One training step, the same everywhere (trainer, fine-tunes, benchmark, parity tests): zero the gradients,
/// forward, cross-entropy, backward, global-norm clipping and AdamW. Clipping is folded into the update
/// (<see cref="AdamW.Update"/> scales each gradient as it reads it), which saves a pass over the gradients.
/// The optimiser's parameters are the trainable set: the model's own for ordinary training, or the adapters of
/// <see cref="TransformerModel.Adapters"/> over a frozen base; the gradient norm and the update cover exactly them.
/// <paramref name="tape"/>, when given, is the tape the step records on (a caller that makes a step per fine-tune
/// keeps one tape, so its pooled activations are reused); by default the step has its own. With
/// <paramref name="scoredPositionsOnly"/> the loss is <see cref="TransformerModel.ScoredLoss"/> (head and loss only where
/// a target is set: fine-tunes, whose loss falls on the completions); otherwise <see cref="TransformerModel.Loss"/>.
/// </summary>
public sealed class TrainStep(TransformerModel model, AdamW optimizer, float clipNorm, Tape? tape = null, bool scoredPositionsOnly = false)
{
    readonly Tape tape = tape ?? new();

    public TransformerModel Model => model;
    public AdamW Optimizer => optimizer;

    /// <summary>Floats the tape's pool holds (the activations and their gradients) after the last step.</summary>
    public long ActivationFloats { get; private set; }

    /// <summary>Runs one step on inputs and targets [B·T] (target −1 = not scored) at learning rate <paramref name="lr"/>.</summary>
    public StepOutcome Run(int[] inputs, int[] targets, int batchSize, int seqLen, float lr)
    {
        foreach (var p in model.Parameters) p.ZeroGrad();
        if (!ReferenceEquals(optimizer.Parameters, model.Parameters))
            foreach (var p in optimizer.Parameters) p.ZeroGrad();
        var loss = LossOf(inputs, targets, batchSize, seqLen);
        float value = loss.Data[0];
        tape.Backward(loss);
        ActivationFloats = Math.Max(ActivationFloats, tape.PooledFloats);
        tape.Reset();
        double norm = GradientClipping.GlobalNorm(optimizer.Chunks);
        optimizer.Update(lr, GradientClipping.Coefficient(norm, clipNorm));
        return new StepOutcome(value, norm);
    }

    /// <summary>The loss alone, without a backward pass or an update.</summary>
    public float Evaluate(int[] inputs, int[] targets, int batchSize, int seqLen)
    {
        tape.Recording = false;
        try
        {
            return LossOf(inputs, targets, batchSize, seqLen).Data[0];
        }
        finally
        {
            tape.Reset();
            tape.Recording = true;
        }
    }

    Tensor LossOf(int[] inputs, int[] targets, int batchSize, int seqLen) => scoredPositionsOnly
        ? model.ScoredLoss(tape, inputs, targets, batchSize, seqLen)
        : model.Loss(tape, inputs, targets, batchSize, seqLen);
}

using ModeHop.Tensors.Kernels;

namespace ModeHop.Tensors.Ops;

public static partial class Ops
{
    /// <summary>
    /// Mean softmax cross-entropy over the positions whose target is not −1:
    /// loss = (1/K) Σ_{r : targets[r] ≠ −1} (log Σⱼ exp(logits[r, j]) − logits[r, targets[r]]), a scalar.
    /// logits [.., V] with as many rows as targets. When every target is −1 the loss is 0 and so is the gradient.
    /// Backward: dLogits += (softmax − onehot)·dLoss/K on counted rows. Backward reads
    /// <paramref name="targets"/> again: leave the array unchanged until it has run.
    /// Targets outside [0, V) other than −1 throw, naming the target.
    /// </summary>
    public static Tensor CrossEntropy(Tape tape, Tensor logits, int[] targets) => CrossEntropy(tape, logits, targets, targets);

    /// <summary>As <see cref="CrossEntropy(Tape, Tensor, int[])"/>; the targets are copied when backward will need them.</summary>
    public static Tensor CrossEntropy(Tape tape, Tensor logits, ReadOnlySpan<int> targets)
        => CrossEntropy(tape, logits, targets, tape.Recording && logits.RequiresGrad ? targets.ToArray() : null);

    static Tensor CrossEntropy(Tape tape, Tensor logits, ReadOnlySpan<int> targets, int[]? kept)
    {
        if (logits.Shape.Length == 0) throw new ArgumentException($"CrossEntropy: logits must be [N, V], got {logits}.");
        int V = logits.Shape[^1];
        if (logits.Rows != targets.Length)
            throw new ArgumentException($"CrossEntropy: {logits} has {logits.Rows} rows but {targets.Length} targets were given.");
        var loss = tape.NewOutput([], logits);
        var logSumExp = tape.NewTensor([targets.Length]);
        loss.Data[0] = CrossEntropyKernel.Forward(logits.Data, targets, V, logSumExp.Data);
        tape.Record(loss, () =>
        {
            var dLogits = tape.GradForWrite(logits, out bool overwrite);
            CrossEntropyKernel.Backward(logits.Data, kept, logSumExp.Data, tape.GradOf(loss)[0], V, dLogits, accumulate: !overwrite);
        });
        return loss;
    }
}

using ModeHop.Training.Data;

namespace ModeHop.Training.FineTuning;

/// <summary>The loss of a fine-tune's first and last step (each before its update); both NaN after 0 steps.</summary>
public readonly record struct FineTuneLosses(float First, float Last);

/// <summary>
/// The one fine-tune loop (the narrow fine-tune of checkpoint selection and the suite's fine-tuning families):
/// for s = 0 … steps − 1, fill batch s from <paramref name="batches"/> and take one <see cref="TrainStep"/> at the
/// constant learning rate. The step's model, optimiser (a fresh one per fine-tune, so no moments carry over) and
/// trainable set are the caller's.
/// </summary>
public static class FineTuneLoop
{
    /// <summary>Runs <paramref name="steps"/> steps of <paramref name="batchSize"/> rows of <paramref name="seqLen"/> tokens.</summary>
    public static FineTuneLosses Run(TrainStep step, IBatchSource batches, int steps, int batchSize, int seqLen, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(seqLen, 1);
        int B = batchSize, T = seqLen;
        var inputs = new int[B * T];
        var targets = new int[B * T];
        float first = float.NaN, last = float.NaN;
        for (int s = 0; s < steps; s++)
        {
            batches.Fill(s, B, T, inputs, targets);
            last = step.Run(inputs, targets, B, T, learningRate).Loss;
            if (s == 0) first = last;
        }
        return new FineTuneLosses(first, last);
    }
}

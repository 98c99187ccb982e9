namespace ModeHop.Training.Data;

/// <summary>
/// Training data as a pure function of the step: the batch of step s is the same whenever it is
/// asked for, so a resumed run sees exactly the data an uninterrupted one would.
/// </summary>
public interface IBatchSource
{
    /// <summary>Fills inputs and targets [B·T] for <paramref name="step"/>; a target of −1 is not scored.</summary>
    void Fill(long step, int batchSize, int seqLen, Span<int> inputs, Span<int> targets);

    /// <summary>A short description for logs and trainer_state.json.</summary>
    string Describe();

    /// <summary>The composition of steps [<paramref name="fromStep"/>, <paramref name="toStep"/>), when the source knows it.</summary>
    DataComposition? Composition(long fromStep, long toStep, int batchSize) => null;
}

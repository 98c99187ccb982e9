namespace ModeHop.Training.Checkpoints;

/// <summary>
/// Which steps get a checkpoint, like Pythia's: step 0 (the initialisation), log-spaced steps
/// 1, 2, 4, … up to <see cref="LogSpacedUntil"/>, then every <see cref="Every"/> steps; the
/// final step is always saved.
/// </summary>
public sealed record CheckpointSchedule(int Every, int LogSpacedUntil = 0, bool IncludeInitial = true)
{
    public bool IsCheckpoint(long step, long totalSteps)
    {
        if (step == totalSteps) return true;
        if (step == 0) return IncludeInitial;
        if (step <= LogSpacedUntil && (step & (step - 1)) == 0) return true;
        return Every > 0 && step % Every == 0;
    }

    /// <summary>All checkpoint steps of a run of <paramref name="totalSteps"/>, ascending.</summary>
    public IEnumerable<long> Steps(long totalSteps)
    {
        for (long s = 0; s <= totalSteps; s++)
            if (IsCheckpoint(s, totalSteps)) yield return s;
    }
}

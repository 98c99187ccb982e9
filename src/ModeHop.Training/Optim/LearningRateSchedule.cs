namespace ModeHop.Training.Optim;

/// <summary>Shape of the learning rate after warm-up.</summary>
public enum DecayKind
{
    /// <summary>Cosine from the peak down to the minimum at the last step.</summary>
    Cosine,

    /// <summary>Hold the peak.</summary>
    Constant,
}

/// <summary>
/// Linear warm-up to <see cref="Peak"/> over <see cref="WarmupSteps"/>, then cosine decay to
/// <see cref="Minimum"/> at <see cref="TotalSteps"/> (or constant). Steps count from 0.
/// </summary>
public sealed record LearningRateSchedule(float Peak, int WarmupSteps, int TotalSteps, float Minimum = 0f, DecayKind Decay = DecayKind.Cosine)
{
    public float At(long step)
    {
        if (step < WarmupSteps) return Peak * (step + 1) / WarmupSteps;
        if (Decay == DecayKind.Constant || TotalSteps <= WarmupSteps) return Peak;
        double ratio = Math.Clamp((double)(step - WarmupSteps) / (TotalSteps - WarmupSteps), 0, 1);
        return (float)(Minimum + 0.5 * (1 + Math.Cos(Math.PI * ratio)) * (Peak - Minimum));
    }
}

namespace ModeHop.Dynamics;

/// <summary>How a model answers one task at one checkpoint.</summary>
public enum Mode
{
    /// <summary>It prefers the parrot answer: hard_acc ≤ <see cref="ModeRule.ParrotAt"/>.</summary>
    Parrot,

    /// <summary>Neither clearly: hard_acc is inside the dead band between the two thresholds.</summary>
    Mixed,

    /// <summary>It prefers the general answer: hard_acc ≥ <see cref="ModeRule.GeneralAt"/>.</summary>
    General,
}

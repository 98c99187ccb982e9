namespace ModeHop.Dynamics;

/// <summary>Reads a mode from hard_acc, and prints it.</summary>
public static class Modes
{
    /// <summary>
    /// General when hardAcc ≥ rule.GeneralAt, Parrot when hardAcc ≤ rule.ParrotAt, Mixed in between.
    /// Throws <see cref="ArgumentException"/> for NaN or a value outside [0, 1], and for an invalid rule.
    /// </summary>
    public static Mode Classify(double hardAcc, ModeRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Validate();
        return ClassifyChecked(hardAcc, rule);
    }

    /// <summary>G, P or M: how mode strings print a checkpoint's mode.</summary>
    public static char Letter(Mode mode) => mode switch { Mode.General => 'G', Mode.Parrot => 'P', _ => 'M' };

    /// <summary><see cref="Classify"/> for a rule already validated.</summary>
    internal static Mode ClassifyChecked(double hardAcc, ModeRule rule)
    {
        if (!(hardAcc >= 0 && hardAcc <= 1))
            throw new ArgumentException($"hard_acc must be a share in [0, 1]; found {hardAcc}.", nameof(hardAcc));
        return hardAcc >= rule.GeneralAt ? Mode.General
             : hardAcc <= rule.ParrotAt ? Mode.Parrot
             : Mode.Mixed;
    }
}

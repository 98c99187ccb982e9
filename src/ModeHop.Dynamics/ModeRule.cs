namespace ModeHop.Dynamics;

/// <summary>How modes are read from hard_acc and how a hop is confirmed by the margin.</summary>
/// <param name="GeneralAt">hard_acc ≥ this is General.</param>
/// <param name="ParrotAt">hard_acc ≤ this is Parrot; between the two is Mixed (a dead band,
/// so that noise around one half does not flip the mode back and forth).</param>
/// <param name="SpreadMultiple">A hop is confirmed only when log_prob_margin moved by more than
/// SpreadMultiple × √(a² + b²), where a and b are the seed spreads at its two ends, and the margin's
/// sign agrees with the modes at both ends (positive at the General end, negative at the Parrot end).</param>
/// <param name="MinMargin">And the margin is at least this far from zero (nats) at both ends. A task scored with one
/// seed has no seed spread; this floor keeps the near-zero margins of an untrained model (random initial weights
/// give margins of a few hundredths of a nat) from confirming a hop.</param>
public sealed record ModeRule(double GeneralAt = 0.6, double ParrotAt = 0.4, double SpreadMultiple = 1.0, double MinMargin = 0.1)
{
    /// <summary>Throws unless 0 ≤ ParrotAt &lt; GeneralAt ≤ 1 and SpreadMultiple is finite and ≥ 0.</summary>
    internal void Validate()
    {
        if (!(ParrotAt >= 0 && ParrotAt < GeneralAt && GeneralAt <= 1))
            throw new ArgumentException(
                $"ModeRule: expected 0 ≤ ParrotAt < GeneralAt ≤ 1; found ParrotAt = {ParrotAt}, GeneralAt = {GeneralAt}. Pick a dead band inside [0, 1], e.g. ParrotAt 0.4, GeneralAt 0.6.",
                "rule");
        if (!(SpreadMultiple >= 0 && double.IsFinite(SpreadMultiple)))
            throw new ArgumentException(
                $"ModeRule: SpreadMultiple must be a finite number ≥ 0; found {SpreadMultiple}.",
                "rule");
        if (!(MinMargin >= 0 && double.IsFinite(MinMargin)))
            throw new ArgumentException($"ModeRule: MinMargin must be a finite number ≥ 0; found {MinMargin}.", "rule");
    }
}

namespace ModeHop.Dynamics;

/// <summary>What <see cref="Hops.Analyze"/> found for one task's series of checkpoints.</summary>
/// <param name="Modes">The mode at every checkpoint, in input order.</param>
/// <param name="Candidates">Every candidate hop, confirmed or not, in step order.</param>
/// <param name="ConfirmedHops">How many candidates the margin confirmed.</param>
/// <param name="MeanTotalVariation">Mean of |hard_acc[t+1] − hard_acc[t]| over consecutive checkpoints; 0 for fewer than two.</param>
/// <param name="Reversions">Confirmed hops whose direction is opposite to the previous confirmed hop's.</param>
public sealed record TaskDynamics(
    IReadOnlyList<Mode> Modes,
    IReadOnlyList<Hop> Candidates,
    int ConfirmedHops,
    double MeanTotalVariation,
    int Reversions);

namespace ModeHop.Report;

/// <summary>
/// Local stability: how far one optimiser step moves the test tasks' margin, per learning rate and batch size, beside
/// the move between neighbouring checkpoints and the size of the confirmed hops.
/// </summary>
/// <param name="Points">One per checkpoint × learning rate × batch size.</param>
/// <param name="HopMarginChanges">The margin change of every confirmed hop of a test task (signed; the section takes |·|).</param>
public sealed record ReportStability(IReadOnlyList<ReportStabilityPoint> Points, IReadOnlyList<double> HopMarginChanges);

/// <summary>One step at <paramref name="LearningRate"/> on <paramref name="BatchSize"/> rows from the checkpoint at <paramref name="CheckpointStep"/>.</summary>
/// <param name="MeanAbsMarginChange">Mean over the test tasks of |margin after − margin before|.</param>
/// <param name="NeighbourMeanAbsMarginChange">The same between that checkpoint and the next one (<paramref name="NextStep"/>).</param>
public sealed record ReportStabilityPoint(long CheckpointStep, long NextStep, double LearningRate, int BatchSize,
    double MeanAbsMarginChange, double NeighbourMeanAbsMarginChange);

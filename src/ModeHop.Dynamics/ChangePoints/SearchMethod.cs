namespace ModeHop.Dynamics.ChangePoints;

/// <summary>The searches ModeHop ships: how the segmentation that minimises Σ (cost + penalty) is looked for.</summary>
public enum SearchMethod
{
    /// <summary><see cref="Pelt"/>: optimal partitioning with pruning (ruptures <c>Pelt</c>).</summary>
    Pelt,

    /// <summary><see cref="BinarySegmentation"/>: greedy splitting while a split gains more than the penalty (ruptures <c>Binseg</c>).</summary>
    BinarySegmentation,
}

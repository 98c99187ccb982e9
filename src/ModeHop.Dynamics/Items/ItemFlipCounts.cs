namespace ModeHop.Dynamics.Items;

/// <summary>How often each item's correctness flipped between consecutive checkpoints.</summary>
/// <param name="RightToWrong">Per item, right at checkpoint c and wrong at c + 1 (Toneva et al.'s forgetting events).</param>
/// <param name="WrongToRight">Per item, wrong at c and right at c + 1 (learning events).</param>
public sealed record ItemFlipCounts(int[] RightToWrong, int[] WrongToRight)
{
    /// <summary>Σ over items of RightToWrong.</summary>
    public int TotalRightToWrong => RightToWrong.Sum();

    /// <summary>Σ over items of WrongToRight.</summary>
    public int TotalWrongToRight => WrongToRight.Sum();

    /// <summary>All flips, both ways, over all items.</summary>
    public int Total => TotalRightToWrong + TotalWrongToRight;
}

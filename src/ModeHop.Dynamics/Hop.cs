namespace ModeHop.Dynamics;

/// <summary>
/// A candidate hop: a change between General and Parrot from one non-Mixed checkpoint to the next
/// non-Mixed one (Mixed checkpoints between them are skipped, so FromIndex and ToIndex may be apart).
/// </summary>
/// <param name="FromIndex">Index in the point list of the last checkpoint before the change.</param>
/// <param name="ToIndex">Index of the first checkpoint after it.</param>
/// <param name="MarginChange">log_prob_margin[ToIndex] − log_prob_margin[FromIndex].</param>
/// <param name="Confirmed">Whether the margin confirms it (see <see cref="ModeRule.SpreadMultiple"/>).</param>
public sealed record Hop(
    int FromIndex, int ToIndex,
    long FromStep, long ToStep,
    long FromTokens, long ToTokens,
    Mode From, Mode To,
    double MarginChange, bool Confirmed);

namespace ModeHop.Dynamics.ChangePoints;

/// <summary>
/// The least-squares cost of a mean shift (ruptures' <c>CostL2</c>, <c>model="l2"</c>):
/// c(start, end) = Σ_{start ≤ i &lt; end} (xᵢ − x̄)², with x̄ the segment mean, i.e. m · var(segment) for its m values.
/// Defined on segments of one value or more; O(1) per segment after an O(n) pass of prefix sums.
/// </summary>
public sealed class L2Cost : ISegmentCost
{
    readonly PrefixMoments moments;

    /// <exception cref="ArgumentException">The series is empty or holds NaN or ±∞.</exception>
    public L2Cost(ReadOnlySpan<double> series) => moments = new PrefixMoments(series);

    public int Length => moments.Length;

    /// <summary>1, as ruptures' CostL2.</summary>
    public int MinSize => 1;

    public double Error(int start, int end)
    {
        moments.CheckSegment(start, end, MinSize, "l2 cost");
        return moments.SquaredDeviations(start, end);
    }
}

namespace ModeHop.Dynamics.ChangePoints;

/// <summary>
/// The cost of a change in mean and variance of a Gaussian (ruptures' <c>CostNormal</c>, <c>model="normal"</c>,
/// one dimension): c(start, end) = m · log(σ̂² + 10⁻⁶) for the segment's m values, with σ̂² = (1/m) Σ (xᵢ − x̄)²
/// the biased variance (numpy's <c>var()</c>). Up to constants this is the negative maximised log-likelihood of the
/// segment, so a quiet stretch is cheap and a noisy one dear, whatever their means. The 10⁻⁶ is ruptures' small
/// diagonal (since v1.1.5) that keeps a truly constant segment finite. Defined on segments of two values or more.
/// </summary>
public sealed class NormalCost : ISegmentCost
{
    /// <summary>Added to every variance before the log, as ruptures' <c>add_small_diag</c>.</summary>
    public const double VarianceFloor = 1e-6;

    readonly PrefixMoments moments;

    /// <exception cref="ArgumentException">The series is empty or holds NaN or ±∞.</exception>
    public NormalCost(ReadOnlySpan<double> series) => moments = new PrefixMoments(series);

    public int Length => moments.Length;

    /// <summary>2, as ruptures' CostNormal: one value has no variance.</summary>
    public int MinSize => 2;

    public double Error(int start, int end)
    {
        moments.CheckSegment(start, end, MinSize, "normal cost");
        int m = end - start;
        return Math.Log(moments.SquaredDeviations(start, end) / m + VarianceFloor) * m;
    }
}

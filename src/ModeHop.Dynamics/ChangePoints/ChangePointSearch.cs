namespace ModeHop.Dynamics.ChangePoints;

/// <summary>
/// Offline change points as cost × search (the design of ruptures): pick a <see cref="CostFunction"/> that says how
/// badly one regime fits a segment and a <see cref="SearchMethod"/> that looks for the segmentation minimising
/// Σ over segments of (cost + penalty).
/// </summary>
/// <remarks>
/// Breakpoints follow ruptures' convention: each is the exclusive end of a segment, they are sorted, and the
/// last is always the series length n. A series with no change is <c>[n]</c>; <c>[40, 100]</c> means
/// segments [0, 40) and [40, 100), so index 40 is the first value of the new regime.
/// </remarks>
public static class ChangePointSearch
{
    /// <summary>The breakpoints of <paramref name="series"/> by <paramref name="method"/> over <paramref name="cost"/>.</summary>
    /// <exception cref="ArgumentException">An empty series, a NaN or ±∞ value, invalid settings, or a series
    /// shorter than the effective minimum segment size.</exception>
    public static int[] Detect(ReadOnlySpan<double> series, CostFunction cost, SearchMethod method, ChangePointSettings settings) =>
        Detect(CreateCost(cost, series), method, settings);

    /// <summary>The breakpoints by <paramref name="method"/> over any segment cost (a custom one included).</summary>
    public static int[] Detect(ISegmentCost cost, SearchMethod method, ChangePointSettings settings) => method switch
    {
        SearchMethod.Pelt => Pelt.Detect(cost, settings),
        SearchMethod.BinarySegmentation => BinarySegmentation.Detect(cost, settings),
        _ => throw new ArgumentException($"Unknown search method {method}; use Pelt or BinarySegmentation.", nameof(method)),
    };

    /// <summary>The segment cost of kind <paramref name="cost"/> over <paramref name="series"/>.</summary>
    public static ISegmentCost CreateCost(CostFunction cost, ReadOnlySpan<double> series) => cost switch
    {
        CostFunction.L2 => new L2Cost(series),
        CostFunction.Normal => new NormalCost(series),
        _ => throw new ArgumentException($"Unknown cost {cost}; use L2 or Normal.", nameof(cost)),
    };

    /// <summary>
    /// Validates the settings and the cost, and returns the minimum segment size the search uses:
    /// max(settings.MinSize, cost.MinSize), as ruptures does. Throws when the series cannot hold one such segment.
    /// </summary>
    internal static int EffectiveMinSize(ISegmentCost cost, ChangePointSettings settings)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (cost.MinSize < 1)
            throw new ArgumentException($"The segment cost's MinSize must be at least 1; found {cost.MinSize}.", nameof(cost));
        int minSize = Math.Max(settings.MinSize, cost.MinSize);
        if (cost.Length < minSize)
            throw new ArgumentException(
                $"The series has {cost.Length} value{(cost.Length == 1 ? "" : "s")}, fewer than the minimum segment size {minSize} (the larger of MinSize {settings.MinSize} and the cost's {cost.MinSize}); pass a longer series or lower MinSize.",
                nameof(cost));
        return minSize;
    }
}

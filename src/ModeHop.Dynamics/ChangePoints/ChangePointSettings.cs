namespace ModeHop.Dynamics.ChangePoints;

/// <summary>How an offline search segments a series.</summary>
/// <param name="Penalty">Added once per segment: a split is kept only when it lowers the total cost by more than
/// this. The BIC is 2σ² · ln n for the l2 cost on noise of variance σ² (a change adds a location and a mean) and
/// 3 · ln n for the normal cost (a location, a mean and a variance; its cost is −2 log-likelihood). Larger finds
/// fewer change points, and is safer with short segments. Must be finite and ≥ 0.</param>
/// <param name="MinSize">The shortest segment allowed, in values; the search uses the larger of this and the
/// cost's own <see cref="ISegmentCost.MinSize"/> (1 for l2, 2 for normal), as ruptures does. Default 2, as ruptures.</param>
/// <param name="Jump">Only multiples of Jump may be breakpoints (besides n, which always ends the last segment).
/// Default 1, every index: ruptures' default of 5 quantises the early, sparse checkpoints of a run away.</param>
public sealed record ChangePointSettings(double Penalty, int MinSize = 2, int Jump = 1)
{
    /// <summary>Throws unless Penalty is finite and ≥ 0, MinSize ≥ 1 and Jump ≥ 1.</summary>
    internal void Validate()
    {
        if (!(Penalty >= 0 && double.IsFinite(Penalty)))
            throw new ArgumentException(
                $"ChangePointSettings: Penalty must be a finite number ≥ 0; found {Penalty}. It is the price of one more segment: raise it for fewer change points.",
                "settings");
        if (MinSize < 1)
            throw new ArgumentException($"ChangePointSettings: MinSize must be at least 1 value; found {MinSize}.", "settings");
        if (Jump < 1)
            throw new ArgumentException($"ChangePointSettings: Jump must be at least 1 (1 allows a breakpoint at every index); found {Jump}.", "settings");
    }
}

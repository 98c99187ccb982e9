namespace ModeHop.Suite;

/// <summary>
/// The outcome of a generative item under one seed: <paramref name="Matched"/> of <paramref name="Samples"/> sampled
/// answers matched the item's <see cref="TestItem.GeneralPattern"/>.
/// </summary>
public readonly record struct SampleMatches(int Matched, int Samples)
{
    /// <summary>The match rate m / n.</summary>
    public double Rate => (double)Matched / Samples;
}

namespace ModeHop.Report.Charts;

/// <summary>
/// Maps [10^<see cref="MinDecade"/>, 10^<see cref="MaxDecade"/>] onto a pixel interval by log₁₀; values at or below
/// the bottom decade (0 included) map to its end, so a zero change sits on the axis instead of at −∞.
/// </summary>
internal readonly record struct LogScale(int MinDecade, int MaxDecade, double RangeMin, double RangeMax)
{
    public double Map(double value)
    {
        double lower = Math.Pow(10, MinDecade);
        double decade = value > lower ? Math.Log10(value) : MinDecade;
        return RangeMin + (decade - MinDecade) / Math.Max(1, MaxDecade - MinDecade) * (RangeMax - RangeMin);
    }

    /// <summary>The decades 10^k for k from MinDecade to MaxDecade.</summary>
    public IReadOnlyList<double> Ticks() => Enumerable.Range(MinDecade, MaxDecade - MinDecade + 1).Select(k => Math.Pow(10, k)).ToArray();

    /// <summary>The smallest whole-decade range holding every positive value (one decade at least).</summary>
    public static LogScale Spanning(IEnumerable<double> values, double rangeMin, double rangeMax)
    {
        var positive = values.Where(v => v > 0 && double.IsFinite(v)).ToArray();
        if (positive.Length == 0)
            return new LogScale(-1, 0, rangeMin, rangeMax);
        int min = (int)Math.Floor(Math.Log10(positive.Min()) + 1e-9), max = (int)Math.Ceiling(Math.Log10(positive.Max()) - 1e-9);
        return new LogScale(min, Math.Max(max, min + 1), rangeMin, rangeMax);
    }
}

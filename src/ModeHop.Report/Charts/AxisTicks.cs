namespace ModeHop.Report.Charts;

/// <summary>Round tick positions for a linear axis.</summary>
internal static class AxisTicks
{
    /// <summary>
    /// Multiples of a step of 1, 2 or 5 × 10ᵏ (at least <paramref name="minStep"/>) that fall inside [min, max],
    /// about <paramref name="target"/> of them; just [min] when the range is empty.
    /// </summary>
    public static IReadOnlyList<double> Nice(double min, double max, int target = 5, double minStep = 0)
    {
        if (!(max > min))
            return [min];
        double raw = (max - min) / Math.Max(1, target);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double f = raw / magnitude;
        double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * magnitude;
        step = Math.Max(step, minStep);
        // a relative slack of 1e-9 so that min and max themselves survive floating-point division
        long first = (long)Math.Ceiling(min / step - 1e-9), last = (long)Math.Floor(max / step + 1e-9);
        var ticks = new List<double>();
        for (long k = first; k <= last; k++)
            ticks.Add(k * step);
        return ticks;
    }
}

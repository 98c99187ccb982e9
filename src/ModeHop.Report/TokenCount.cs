using System.Globalization;

namespace ModeHop.Report;

/// <summary>Token counts for people: 950, 12k, 1.2M, 3.05B.</summary>
public static class TokenCount
{
    /// <summary>Scales by the largest of k, M, B, T below |value| and keeps at most three decimals.</summary>
    public static string Format(double value)
    {
        double a = Math.Abs(value);
        (double scale, string unit) = a >= 1e12 ? (1e12, "T") : a >= 1e9 ? (1e9, "B") : a >= 1e6 ? (1e6, "M") : a >= 1e3 ? (1e3, "k") : (1, "");
        return (value / scale).ToString("0.###", CultureInfo.InvariantCulture) + unit;
    }

    /// <summary>
    /// <see cref="Format"/> of the value rounded to three significant figures (629,769 → 630k): for a fitted position
    /// such as a power law's break, no more precise than the checkpoints around it.
    /// </summary>
    public static string FormatApproximate(double value)
    {
        if (value == 0 || !double.IsFinite(value))
            return Format(value);
        double scale = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(value))) - 2);
        return Format(Math.Round(value / scale) * scale);
    }
}

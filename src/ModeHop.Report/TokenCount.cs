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
}

namespace ModeHop.Dynamics;

/// <summary>The few special functions the statistics need (.NET has no log-gamma).</summary>
internal static class SpecialFunctions
{
    // Lanczos approximation with g = 7 and nine coefficients (Godfrey's set, the one usually quoted with the
    // method): relative error of Γ about 10⁻¹⁵ for positive arguments.
    static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>
    /// ln Γ(x) for x &gt; 0: Γ(x) = √(2π) · (x + g − ½)^(x − ½) · e^−(x + g − ½) · A_g(x − 1), through the reflection
    /// Γ(x) Γ(1 − x) = π / sin(πx) below ½.
    /// </summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
            throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma is defined here for x > 0 only.");
        if (x < 0.5)
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        x -= 1;
        double a = Lanczos[0];
        double t = x + 7.5;
        for (int i = 1; i < Lanczos.Length; i++)
            a += Lanczos[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }

    /// <summary>ln(eᵃ + eᵇ) without overflow or underflow; −∞ when both are −∞.</summary>
    public static double LogAddExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        double hi = Math.Max(a, b);
        return hi + Math.Log(1 + Math.Exp(Math.Min(a, b) - hi));
    }
}

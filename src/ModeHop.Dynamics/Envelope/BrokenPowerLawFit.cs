namespace ModeHop.Dynamics.Envelope;

/// <summary>
/// A broken power law, continuous at its break:
/// y(x) = a · x^(−b₁) for x &lt; x_b, and y(x) = a · x_b^(−b₁) · (x / x_b)^(−b₂) from x_b on.
/// In log-log space it is two straight lines of slopes −b₁ and −b₂ that meet at ln x_b.
/// </summary>
/// <param name="Amplitude">a &gt; 0: y at x = 1 on the first branch.</param>
/// <param name="SlopeBefore">b₁: the exponent of the decay before the break (positive for a falling curve).</param>
/// <param name="SlopeAfter">b₂: the exponent after it.</param>
/// <param name="Break">x_b &gt; 0: where the slope changes.</param>
/// <param name="ResidualSumOfSquares">Σ (ln yᵢ − ln ŷ(xᵢ))² over the fitted points, in log space.</param>
public sealed record BrokenPowerLawFit(double Amplitude, double SlopeBefore, double SlopeAfter, double Break, double ResidualSumOfSquares)
{
    /// <summary>ŷ(x) by the formula above; x must be &gt; 0.</summary>
    public double Evaluate(double x)
    {
        if (!(x > 0))
            throw new ArgumentOutOfRangeException(nameof(x), x, "A power law is evaluated at x > 0 only.");
        return x < Break
            ? Amplitude * Math.Pow(x, -SlopeBefore)
            : Amplitude * Math.Pow(Break, -SlopeBefore) * Math.Pow(x / Break, -SlopeAfter);
    }
}

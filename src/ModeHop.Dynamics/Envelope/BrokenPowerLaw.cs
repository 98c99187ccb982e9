namespace ModeHop.Dynamics.Envelope;

/// <summary>
/// Fits the smooth envelope of a metric over training (loss or error against tokens or steps) as a
/// <see cref="BrokenPowerLawFit"/>, so that hops stand out as residuals from it.
/// </summary>
/// <remarks>
/// With u = ln x and v = ln y, and a break at u_b, the continuous model is linear in three numbers:
/// <code>
///   v = d − b₁ · min(u − u_b, 0) − b₂ · max(u − u_b, 0),     d = ln a − b₁ u_b   (v at the break)
/// </code>
/// so for a given break, ordinary least squares over the points on both sides at once gives d, b₁ and b₂, each
/// side's line pinned to the other at the break. The break is searched on a grid of candidates evenly spaced in
/// u between the second-smallest and the second-largest distinct x (so each side keeps two distinct points and
/// its slope is determined), then refined by golden-section search between the best candidate's neighbours.
/// One break only; the smoothly bending form of Caballero et al. 2022 (BNSL) is the natural next step.
/// </remarks>
public static class BrokenPowerLaw
{
    /// <summary>Least-squares fit in log-log space of y over x.</summary>
    /// <param name="x">Positive abscissae (tokens, steps), in any order.</param>
    /// <param name="y">Positive values (loss, error rate), one per x.</param>
    /// <param name="breakCandidates">Grid size for the break, at least 2.</param>
    /// <exception cref="ArgumentException">Lengths differ, a value is not finite and &gt; 0, fewer than three
    /// distinct x, or breakCandidates &lt; 2.</exception>
    public static BrokenPowerLawFit Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int breakCandidates = 200)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"x has {x.Length} values but y has {y.Length}; pass one y per x.", nameof(y));
        if (breakCandidates < 2)
            throw new ArgumentException($"breakCandidates must be at least 2; found {breakCandidates}.", nameof(breakCandidates));
        var u = LogOfPositive(x, nameof(x));
        var v = LogOfPositive(y, nameof(y));
        double[] distinct = u.Distinct().Order().ToArray();
        if (distinct.Length < 3)
            throw new ArgumentException(
                $"x has {distinct.Length} distinct value{(distinct.Length == 1 ? "" : "s")}; a broken power law needs at least 3 (two on each side of the break, one shared).",
                nameof(x));

        double low = distinct[1], high = distinct[^2];
        int bestIndex = 0;
        Line best = Solve(u, v, low);
        var grid = new double[breakCandidates];
        for (int k = 0; k < breakCandidates; k++)
        {
            grid[k] = low + (high - low) * k / (breakCandidates - 1);
            Line line = Solve(u, v, grid[k]);
            if (line.Residual < best.Residual)
                (best, bestIndex) = (line, k);
        }
        Line refined = Refine(u, v, grid[Math.Max(bestIndex - 1, 0)], grid[Math.Min(bestIndex + 1, breakCandidates - 1)]);
        if (refined.Residual < best.Residual)
            best = refined;
        return new BrokenPowerLawFit(Math.Exp(best.AtBreak + best.SlopeBefore * best.LogBreak), best.SlopeBefore, best.SlopeAfter,
            Math.Exp(best.LogBreak), best.Residual);
    }

    /// <summary>The least-squares hinge for one break: v at the break, both slopes, and the residual sum of squares.</summary>
    readonly record struct Line(double LogBreak, double AtBreak, double SlopeBefore, double SlopeAfter, double Residual);

    static Line Solve(double[] u, double[] v, double logBreak)
    {
        // normal equations of v ≈ d + p·f + q·g with f = min(u − u_b, 0), g = max(u − u_b, 0); b₁ = −p, b₂ = −q.
        // f and g are never both non-zero, so Σ f g = 0.
        double n = u.Length, sf = 0, sg = 0, sff = 0, sgg = 0, sv = 0, sfv = 0, sgv = 0;
        for (int i = 0; i < u.Length; i++)
        {
            double f = Math.Min(u[i] - logBreak, 0), g = Math.Max(u[i] - logBreak, 0);
            sf += f; sg += g; sff += f * f; sgg += g * g;
            sv += v[i]; sfv += f * v[i]; sgv += g * v[i];
        }
        // [n  sf  sg ] [d]   [sv ]
        // [sf sff 0  ] [p] = [sfv]
        // [sg 0   sgg] [q]   [sgv]
        // eliminate p and q: d (n − sf²/sff − sg²/sgg) = sv − sf·sfv/sff − sg·sgv/sgg
        if (sff <= 0 || sgg <= 0)
            return new Line(logBreak, 0, 0, 0, double.PositiveInfinity);
        double pivot = n - sf * sf / sff - sg * sg / sgg;
        if (!(pivot > 1e-12 * n))
            return new Line(logBreak, 0, 0, 0, double.PositiveInfinity);
        double d = (sv - sf * sfv / sff - sg * sgv / sgg) / pivot;
        double p = (sfv - sf * d) / sff, q = (sgv - sg * d) / sgg;
        double residual = 0;
        for (int i = 0; i < u.Length; i++)
        {
            double e = v[i] - (d + p * Math.Min(u[i] - logBreak, 0) + q * Math.Max(u[i] - logBreak, 0));
            residual += e * e;
        }
        return new Line(logBreak, d, -p, -q, residual);
    }

    /// <summary>Golden-section search for the break with the least residual in [low, high].</summary>
    static Line Refine(double[] u, double[] v, double low, double high)
    {
        double ratio = (Math.Sqrt(5) - 1) / 2;
        double a = low, b = high;
        Line c = Solve(u, v, b - ratio * (b - a)), d = Solve(u, v, a + ratio * (b - a));
        for (int i = 0; i < 80 && b - a > 1e-12 * Math.Max(1, Math.Abs(a)); i++)
        {
            if (c.Residual <= d.Residual)
            {
                b = d.LogBreak;
                d = c;
                c = Solve(u, v, b - ratio * (b - a));
            }
            else
            {
                a = c.LogBreak;
                c = d;
                d = Solve(u, v, a + ratio * (b - a));
            }
        }
        return c.Residual <= d.Residual ? c : d;
    }

    static double[] LogOfPositive(ReadOnlySpan<double> values, string name)
    {
        var logs = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (!(values[i] > 0 && double.IsFinite(values[i])))
                throw new ArgumentException(
                    $"{name}[{i}] = {values[i]}: a power law is fitted in log-log space and needs finite values > 0; fit a loss or an error rate (1 − accuracy), not a margin.",
                    name);
            logs[i] = Math.Log(values[i]);
        }
        return logs;
    }
}

using ModeHop.Dynamics.Statistics;

namespace ModeHop.Dynamics.EarlyWarning;

/// <summary>
/// Early-warning signals of a critical transition (Scheffer et al. 2009; Dakos et al. 2012): as a system nears a
/// tipping point it recovers more slowly from small perturbations, so over a rolling window its variance and its
/// lag-1 autocorrelation rise; the strength of that rise is summarised by Kendall's τ against time. Whether they
/// precede a mode hop is an empirical question; detrend first (e.g. subtract the
/// <see cref="Envelope.BrokenPowerLaw"/> envelope) so the smooth trend does not pass for a warning.
/// </summary>
/// <remarks>
/// A rolling indicator over a series of n values with window w has n − w + 1 values: entry k summarises the window
/// <c>series[k..k + w)</c>, so it belongs to the window's last checkpoint, k + w − 1 (the right-aligned
/// convention of pandas' <c>rolling</c>, which ewstools builds on, without the leading NaNs).
/// </remarks>
public static class EarlyWarningSignals
{
    /// <summary>
    /// The sample variance of each window: s² = Σ (xᵢ − x̄)² / (w − 1) over its w values (pandas' and R's
    /// <c>var</c>, ddof 1).
    /// </summary>
    /// <exception cref="ArgumentException">window &lt; 2 or longer than the series, or a NaN or ±∞ value.</exception>
    public static double[] RollingVariance(ReadOnlySpan<double> series, int window)
    {
        CheckWindow(series, window, smallest: 2);
        var variance = new double[series.Length - window + 1];
        for (int k = 0; k < variance.Length; k++)
        {
            ReadOnlySpan<double> w = series.Slice(k, window);
            double mean = 0;
            foreach (double x in w)
                mean += x;
            mean /= window;
            double squares = 0;
            foreach (double x in w)
                squares += (x - mean) * (x - mean);
            variance[k] = squares / (window - 1);
        }
        return variance;
    }

    /// <summary>
    /// The lag-1 autocorrelation of each window: Pearson's r between its values 0..w−2 and 1..w−1, each pair
    /// centred on its own mean (pandas' <c>Series.autocorr(1)</c>, which ewstools uses). NaN for a window where
    /// either of the two is constant, e.g. a metric stuck at 1.0.
    /// </summary>
    /// <exception cref="ArgumentException">window &lt; 3 or longer than the series, or a NaN or ±∞ value.</exception>
    public static double[] RollingLag1Autocorrelation(ReadOnlySpan<double> series, int window)
    {
        CheckWindow(series, window, smallest: 3);
        var autocorrelation = new double[series.Length - window + 1];
        for (int k = 0; k < autocorrelation.Length; k++)
        {
            ReadOnlySpan<double> w = series.Slice(k, window);
            autocorrelation[k] = Correlation.PearsonChecked(w[..^1], w[1..]);
        }
        return autocorrelation;
    }

    /// <summary>
    /// The trend of an indicator: Kendall's τ-b between its values and their positions 0, 1, 2, …, skipping NaN
    /// entries (windows where the indicator is undefined). +1 for a steady rise, −1 for a steady fall, near 0 for
    /// none; NaN when fewer than two values remain or they are all equal.
    /// </summary>
    /// <exception cref="ArgumentException">An ±∞ value.</exception>
    public static double Trend(ReadOnlySpan<double> indicator)
    {
        var time = new List<double>();
        var values = new List<double>();
        for (int i = 0; i < indicator.Length; i++)
        {
            if (double.IsNaN(indicator[i]))
                continue;
            if (double.IsInfinity(indicator[i]))
                throw new ArgumentException($"indicator[{i}] = {indicator[i]} is not a finite number.", nameof(indicator));
            time.Add(i);
            values.Add(indicator[i]);
        }
        return values.Count < 2 ? double.NaN : Correlation.KendallTauBChecked(time.ToArray(), values.ToArray());
    }

    static void CheckWindow(ReadOnlySpan<double> series, int window, int smallest)
    {
        if (window < smallest)
            throw new ArgumentException($"window must hold at least {smallest} values; found {window}.", nameof(window));
        SeriesChecks.RequireFinite(series, nameof(series));
        if (window > series.Length)
            throw new ArgumentException(
                $"window = {window} is longer than the series ({series.Length} values); use a window of at most the series length (about half of it is usual).",
                nameof(window));
    }
}

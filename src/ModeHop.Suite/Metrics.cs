namespace ModeHop.Suite;

/// <summary>
/// The per-task metrics of the seed work (GDsuite), over the n items of one seed, with Pg, Pp the mean per-token
/// probabilities of the general and parrot continuations and Lg, Lp their summed log-probabilities:
/// <code>
/// hard_acc                = (1/n) Σ [Pg &gt; Pp] + ½·[Pg = Pp]
/// prob_margin             = (1/n) Σ (Pg − Pp)
/// log_prob_margin         = (1/n) Σ (Lg − Lp)
/// normalized_general_prob = (1/n) Σ Pg / (Pg + Pp)     (½ when Pg = Pp = 0)
/// </code>
/// hard_acc compares mean per-token probabilities, as the seed work does, so answers of different lengths compare
/// length-normalised.
/// <para>
/// A generative item (<see cref="ItemResult.Matches"/> set, m of n samples matched) adds its match rate m/n to hard_acc
/// instead of the indicator; its other three terms come from the numbers <see cref="ItemResult.FromMatches"/> stores, and
/// are exactly prob_margin: 2m/n − 1, log_prob_margin: log((m + 1)/(n − m + 1)) (the log-odds of the Laplace-smoothed
/// match rate), normalized_general_prob: m/n.
/// </para>
/// </summary>
public static class Metrics
{
    /// <summary>The four metrics over the items of one seed.</summary>
    /// <exception cref="ArgumentException">No items, or an item of another seed.</exception>
    public static SeedMetrics ForSeed(int seed, IReadOnlyList<ItemResult> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0) throw new ArgumentException($"Seed {seed}: no item results; metrics need at least one item.", nameof(items));
        double hard = 0, prob = 0, logProb = 0, normalized = 0;
        foreach (var r in items)
        {
            if (r.Seed != seed)
                throw new ArgumentException($"Item {r.ItemIndex} has seed {r.Seed}; expected only items of seed {seed}.", nameof(items));
            double pg = r.GeneralMeanProb, pp = r.ParrotMeanProb;
            hard += r.Matches is { } matches ? matches.Rate : pg > pp ? 1.0 : pg == pp ? 0.5 : 0.0;
            prob += pg - pp;
            logProb += r.GeneralLogProb - r.ParrotLogProb;
            normalized += NormalizedGeneralProb(pg, pp);
        }
        int n = items.Count;
        return new SeedMetrics(seed, hard / n, prob / n, logProb / n, normalized / n, n);
    }

    /// <summary>One item's term of normalized_general_prob: Pg / (Pg + Pp), ½ when both are 0.</summary>
    public static double NormalizedGeneralProb(double generalMeanProb, double parrotMeanProb) =>
        generalMeanProb + parrotMeanProb == 0 ? 0.5 : generalMeanProb / (generalMeanProb + parrotMeanProb);

    /// <summary>
    /// Mean and spread of each metric over the seeds; spread = population standard deviation
    /// √((1/S) Σ (x − mean)²), 0 for one seed.
    /// </summary>
    /// <exception cref="ArgumentException">No seeds.</exception>
    public static MetricSummary Summarize(IReadOnlyList<SeedMetrics> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0) throw new ArgumentException("No seed metrics to summarise; expected at least one seed.", nameof(seeds));
        var (hard, hardSpread) = MeanStd(seeds, s => s.HardAcc);
        var (prob, probSpread) = MeanStd(seeds, s => s.ProbMargin);
        var (logProb, logProbSpread) = MeanStd(seeds, s => s.LogProbMargin);
        var (normalized, normalizedSpread) = MeanStd(seeds, s => s.NormalizedGeneralProb);
        return new MetricSummary(hard, hardSpread, prob, probSpread, logProb, logProbSpread, normalized, normalizedSpread, seeds.Count);
    }

    static (double Mean, double Std) MeanStd(IReadOnlyList<SeedMetrics> seeds, Func<SeedMetrics, double> value)
    {
        double mean = 0;
        foreach (var s in seeds) mean += value(s);
        mean /= seeds.Count;
        if (seeds.Count == 1) return (mean, 0);
        double squares = 0;
        foreach (var s in seeds)
        {
            double d = value(s) - mean;
            squares += d * d;
        }
        return (mean, Math.Sqrt(squares / seeds.Count));
    }
}

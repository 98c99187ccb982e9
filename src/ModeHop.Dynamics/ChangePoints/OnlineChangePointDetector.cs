namespace ModeHop.Dynamics.ChangePoints;

/// <summary>
/// Bayesian online change-point detection (Adams &amp; MacKay 2007) for a Normal series whose mean and variance
/// are unknown and change at unknown times: feed it one value at a time with <see cref="Update"/>, e.g. at every
/// checkpoint during training, and read the posterior over the current run length.
/// </summary>
/// <remarks>
/// The run length r after value t is how many values before xₜ belong to its regime: r = 0 says xₜ opened a new
/// regime (a change at step t), r = t that nothing has changed yet. With a constant hazard H and P(r) the
/// posterior after x₀..xₜ₋₁, the recursion in log space is
/// <code>
///   growth:  ln P'(r + 1) = ln P(r) + ln(1 − H) + ln p(xₜ | the run of length r)
///   change:  ln P'(0)     = ln H + ln p(xₜ | the prior)                          (Σ P(r) = 1)
///   then     ln P'(·)    −= ln Σ exp(ln P'(·))                                   (ln of the evidence p(xₜ | x₀..xₜ₋₁))
/// </code>
/// where p(· | run) is the Student-t predictive of the run's Normal-Gamma posterior (<see cref="NormalGammaPrior"/>).
/// A new regime's value is scored under the prior predictive, as in the paper's joint model; so P(r = 0) is
/// informative, and not the constant H that scoring it under the old runs would give. x₀ always opens the
/// first regime.
/// <para>
/// Truncation: the detector keeps run lengths 0..MaxRunLength. When the longest grows past the cap it merges into
/// the cap, which then reads "at least MaxRunLength": its probability is the sum of both, its statistics those
/// of the more probable one. The posterior is exact until some run passes the cap.
/// </para>
/// </remarks>
public sealed class OnlineChangePointDetector
{
    readonly OnlineChangePointSettings settings;
    readonly NormalGammaState prior;
    readonly double logHazard, logContinue;
    // [MaxRunLength + 1] each, valid in [0, count): the log posterior of run length r and its run's statistics
    readonly double[] logProbability;
    readonly NormalGammaState[] runs;
    int count;

    /// <exception cref="ArgumentException">Invalid settings.</exception>
    public OnlineChangePointDetector(OnlineChangePointSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        this.settings = settings;
        prior = NormalGammaState.From(settings.Prior);
        logHazard = Math.Log(settings.Hazard);
        logContinue = double.LogP1(-settings.Hazard);
        logProbability = new double[settings.MaxRunLength + 1];
        runs = new NormalGammaState[settings.MaxRunLength + 1];
    }

    /// <summary>Values seen so far.</summary>
    public int Steps { get; private set; }

    /// <summary>The most probable run length after the latest value (the smallest among equals); 0 before any value.</summary>
    public int MapRunLength { get; private set; }

    /// <summary>
    /// P(r = 0 | x₀..xₜ): the probability that the latest value opened a new regime. 1 after the first value (it
    /// opens the first regime by definition); 0 before any. One value is thin evidence: a change becomes clear a
    /// few values later, in <see cref="RunLengthProbability"/>(lag), which is what <see cref="Detect"/> reads.
    /// </summary>
    public double ChangeProbability => count == 0 ? 0 : Math.Exp(logProbability[0]);

    /// <summary>
    /// P(r = <paramref name="runLength"/> | x₀..xₜ): the probability that the current regime began with value
    /// t − runLength, i.e. that there was a change at that step (0 for a run length not held).
    /// </summary>
    public double RunLengthProbability(int runLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(runLength);
        return runLength < count ? Math.Exp(logProbability[runLength]) : 0;
    }

    /// <summary>The posterior over run lengths 0..min(t, MaxRunLength), a fresh array that sums to 1.</summary>
    public double[] RunLengthPosterior()
    {
        var posterior = new double[count];
        for (int r = 0; r < count; r++)
            posterior[r] = Math.Exp(logProbability[r]);
        return posterior;
    }

    /// <summary>Takes the next value of the series and updates the run-length posterior.</summary>
    /// <exception cref="ArgumentException">x is NaN or ±∞.</exception>
    public void Update(double x)
    {
        if (!double.IsFinite(x))
            throw new ArgumentException($"Update: value {Steps} = {x} is not a finite number; skip or interpolate missing checkpoints.", nameof(x));
        if (count == 0)
        {
            logProbability[0] = 0;
            runs[0] = prior.With(x);
            count = 1;
            Steps = 1;
            MapRunLength = 0;
            return;
        }

        int top = settings.MaxRunLength;
        int r = count - 1;
        if (count == top + 1)
        {
            // the cap: run lengths top − 1 and top both grow into top
            double fromBelow = logProbability[top - 1] + logContinue + runs[top - 1].LogPredictive(x);
            double fromCap = logProbability[top] + logContinue + runs[top].LogPredictive(x);
            runs[top] = (fromBelow >= fromCap ? runs[top - 1] : runs[top]).With(x);
            logProbability[top] = SpecialFunctions.LogAddExp(fromBelow, fromCap);
            r = top - 2;
        }
        else
        {
            count++;
        }
        for (; r >= 0; r--)   // downwards, so slot r + 1 is written after slot r + 1 was read
        {
            logProbability[r + 1] = logProbability[r] + logContinue + runs[r].LogPredictive(x);
            runs[r + 1] = runs[r].With(x);
        }
        logProbability[0] = logHazard + prior.LogPredictive(x);
        runs[0] = prior.With(x);

        double logEvidence = double.NegativeInfinity;
        for (int i = 0; i < count; i++)
            logEvidence = SpecialFunctions.LogAddExp(logEvidence, logProbability[i]);
        int map = 0;
        for (int i = 0; i < count; i++)
        {
            logProbability[i] -= logEvidence;
            if (logProbability[i] > logProbability[map])
                map = i;
        }
        MapRunLength = map;
        Steps++;
    }

    /// <summary>
    /// Runs a detector over <paramref name="series"/> and returns the steps (indices) where a regime began.
    /// The probability of a change at step s is read <paramref name="delay"/> values later, as
    /// P(r = delay | x₀..x_{s+delay}), so the last <paramref name="delay"/> steps cannot be reported; step 0 never
    /// is. From each run of consecutive steps at or above <paramref name="threshold"/> the most probable one is
    /// returned (the earliest among equals), in increasing order — the same indices as offline breakpoints.
    /// </summary>
    /// <param name="series">The values, in step order.</param>
    /// <param name="settings">The prior, hazard and truncation.</param>
    /// <param name="threshold">In (0, 1]: how sure the posterior must be.</param>
    /// <param name="delay">Values to wait before judging a step, ≥ 0 and &lt; MaxRunLength: 0 judges a step on its own
    /// value alone; a few (3–5) let a moderate shift show itself.</param>
    /// <exception cref="ArgumentException">A NaN or ±∞ value, invalid settings, threshold or delay.</exception>
    public static int[] Detect(ReadOnlySpan<double> series, OnlineChangePointSettings settings, double threshold, int delay)
    {
        var detector = new OnlineChangePointDetector(settings);
        if (!(threshold > 0 && threshold <= 1))
            throw new ArgumentException($"Detect: threshold must be in (0, 1]; found {threshold}.", nameof(threshold));
        if (delay < 0 || delay >= settings.MaxRunLength)
            throw new ArgumentException(
                $"Detect: delay must be in [0, MaxRunLength) = [0, {settings.MaxRunLength}); found {delay}.", nameof(delay));
        SeriesChecks.RequireFinite(series, nameof(series), minimumLength: 0);

        var changes = new List<int>();
        int runBest = -1;           // the most probable step of the current run above the threshold
        double runBestProbability = 0;
        for (int t = 0; t < series.Length; t++)
        {
            detector.Update(series[t]);
            int step = t - delay;
            if (step < 1)
                continue;
            double p = detector.RunLengthProbability(delay);
            if (p >= threshold)
            {
                if (runBest < 0 || p > runBestProbability)
                    (runBest, runBestProbability) = (step, p);
            }
            else if (runBest >= 0)
            {
                changes.Add(runBest);
                runBest = -1;
            }
        }
        if (runBest >= 0)
            changes.Add(runBest);
        return changes.ToArray();
    }
}

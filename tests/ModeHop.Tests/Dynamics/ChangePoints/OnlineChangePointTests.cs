using ModeHop.Dynamics.ChangePoints;

namespace ModeHop.Tests.Dynamics.ChangePoints;

/// <summary>Bayesian online change-point detection on synthetic signals with a known mean shift.</summary>
public class OnlineChangePointTests
{
    static readonly OnlineChangePointSettings Unit = new(new NormalGammaPrior());

    /// <summary>100 values of N(0, 1), then 100 of N(shift, 1).</summary>
    static double[] Shifted(double shift, ulong seed) => Signals.Piecewise([0.0, shift], [100, 100], 1.0, seed);

    static OnlineChangePointDetector Run(OnlineChangePointSettings settings, ReadOnlySpan<double> series)
    {
        var detector = new OnlineChangePointDetector(settings);
        foreach (double x in series)
            detector.Update(x);
        return detector;
    }

    [Fact]
    public void Update_TwoValues_MatchesTheRecursionByHand()
    {
        // prior μ₀ 0, κ₀ 1, α₀ 1, β₀ 1. x₁ is scored under
        //   a new run: the prior predictive, Student-t ν 2, location 0, scale² β(κ+1)/(ακ) = 2
        //   the run {x₀}: μ = x₀/2, κ = 2, α = 1.5, β = 1 + x₀²/4 → Student-t ν 3, location x₀/2, scale² β·3/(1.5·2) = β
        // and P(r = 0 | x₀, x₁) = H p_new / (H p_new + (1 − H) p_run)
        double x0 = 0.3, x1 = 2.5, h = 0.2;
        static double StudentT(double x, double nu, double location, double scale2, double gammaRatio) =>
            gammaRatio / Math.Sqrt(nu * Math.PI * scale2) * Math.Pow(1 + (x - location) * (x - location) / (nu * scale2), -(nu + 1) / 2);
        double pNew = StudentT(x1, 2, 0, 2, Math.Sqrt(Math.PI) / 2);             // Γ(3/2)/Γ(1) = √π/2
        double pRun = StudentT(x1, 3, x0 / 2, 1 + x0 * x0 / 4, 2 / Math.Sqrt(Math.PI));  // Γ(2)/Γ(3/2) = 2/√π
        double expected = h * pNew / (h * pNew + (1 - h) * pRun);

        var detector = Run(Unit with { Hazard = h }, [x0, x1]);

        Assert.Equal(expected, detector.ChangeProbability, 12);
        Assert.Equal(1 - expected, detector.RunLengthProbability(1), 12);
        Assert.Equal(2, detector.Steps);
    }

    [Fact]
    public void Update_FirstValue_OpensTheFirstRegime()
    {
        var detector = new OnlineChangePointDetector(Unit);
        Assert.Equal((0, 0.0, 0), (detector.Steps, detector.ChangeProbability, detector.RunLengthPosterior().Length));

        detector.Update(1.7);

        Assert.Equal([1.0], detector.RunLengthPosterior());
        Assert.Equal((1, 0, 1.0), (detector.Steps, detector.MapRunLength, detector.ChangeProbability));
    }

    [Fact]
    public void Detect_MeanShiftOfFourSigma_FindsTheStepOfTheShift()
    {
        // when the shift's first value is ambiguous P splits between steps 100 and 101 (0.5 and 0.4, say): a
        // threshold under ½ catches both and Detect reports the more probable. Noise can move the reading: seed 4
        // has 1.6σ at steps 98 and 99, and reports 98
        for (ulong seed = 1; seed <= 10; seed++)
        {
            int[] changes = OnlineChangePointDetector.Detect(Shifted(4.0, seed), Unit, threshold: 0.3, delay: 5);

            Assert.True(changes is [var c] && Math.Abs(c - 100) <= 2, $"seed {seed}: [{string.Join(", ", changes)}]");
        }
    }

    [Fact]
    public void Detect_NoiseOnly_NoChange()
    {
        for (ulong seed = 1; seed <= 10; seed++)
        {
            int[] changes = OnlineChangePointDetector.Detect(Signals.Noise(200, 1.0, seed), Unit, threshold: 0.3, delay: 5);

            Assert.True(changes.Length == 0, $"seed {seed}: [{string.Join(", ", changes)}]");
        }
    }

    [Fact]
    public void Update_StepByStep_MapRunLengthCountsFromTheShift()
    {
        var series = Shifted(4.0, seed: 3);
        var detector = new OnlineChangePointDetector(Unit);
        var map = new List<int>();
        foreach (double x in series)
        {
            detector.Update(x);
            map.Add(detector.MapRunLength);
        }

        Assert.Equal(99, map[99]);                      // before the shift: one run since the start
        for (int t = 105; t < 200; t++)
            Assert.Equal(t - 100, map[t]);              // a few values after it: one run since step 100
    }

    [Fact]
    public void Update_AnySeries_PosteriorIsADistribution()
    {
        var series = Shifted(2.0, seed: 5).Concat(Signals.Noise(50, 5.0, 6)).ToArray();
        var detector = new OnlineChangePointDetector(Unit with { MaxRunLength = 120 });
        foreach (double x in series)
        {
            detector.Update(x);
            double[] posterior = detector.RunLengthPosterior();
            Assert.Equal(Math.Min(detector.Steps, 121), posterior.Length);
            Assert.All(posterior, p => Assert.True(p >= 0 && p <= 1));
            Assert.Equal(1.0, posterior.Sum(), 12);
            Assert.Equal(posterior[0], detector.ChangeProbability);
            Assert.Equal(Array.IndexOf(posterior, posterior.Max()), detector.MapRunLength);
        }
    }

    [Fact]
    public void Update_JumpOfAMillionSigma_StaysFiniteAndSure()
    {
        // in linear space every old run's predictive would underflow to 0 and the normaliser to 0/0
        var detector = Run(Unit, [0.1, -0.2, 0.05, 0.0, 1e6]);

        Assert.True(detector.ChangeProbability > 0.9999, $"{detector.ChangeProbability}");   // the rest on runs of one or two values, whose Student-t tails are wide
        Assert.Equal(0, detector.MapRunLength);
        Assert.All(detector.RunLengthPosterior(), p => Assert.True(double.IsFinite(p)));
    }

    [Fact]
    public void Update_RunsLongerThanTheCap_BoundedAndStillDetects()
    {
        var capped = Unit with { MaxRunLength = 20 };
        var detector = Run(capped, Signals.Noise(300, 1.0, seed: 9));

        Assert.Equal(21, detector.RunLengthPosterior().Length);
        Assert.Equal(1.0, detector.RunLengthPosterior().Sum(), 12);
        Assert.Equal(20, detector.MapRunLength);        // "at least 20"
        int[] changes = OnlineChangePointDetector.Detect(Shifted(4.0, seed: 1), capped, threshold: 0.3, delay: 5);
        Assert.True(changes is [var c] && Math.Abs(c - 100) <= 2, $"[{string.Join(", ", changes)}]");
    }

    [Fact]
    public void Update_CapNotReached_SamePosteriorAsWithoutTruncation()
    {
        var series = Shifted(3.0, seed: 4)[60..130];

        double[] small = Run(Unit with { MaxRunLength = 70 }, series).RunLengthPosterior();
        double[] large = Run(Unit with { MaxRunLength = 1000 }, series).RunLengthPosterior();

        Assert.Equal(large, small);
    }

    [Fact]
    public void RunLengthProbability_MoreValuesAfterTheShift_SurerOfItsStep()
    {
        // P(change at 100) read d values later, as P(r = d): one value of a 6σ shift is thin evidence (short runs
        // that began just before it, with their wide Student-t tails, explain it nearly as well), a few more settle it
        for (ulong seed = 1; seed <= 5; seed++)
        {
            var series = Shifted(6.0, seed);
            var read = new List<double>();
            foreach (int delay in new[] { 0, 2, 5, 10 })
                read.Add(Run(Unit, series.AsSpan(0, 101 + delay)).RunLengthProbability(delay));

            Assert.True(read.SequenceEqual(read.Order()) && read[^1] > 0.75 && read[^1] - read[0] > 0.2, $"seed {seed}: {string.Join(", ", read.Select(p => p.ToString("F3")))}");
        }
    }

    public static TheoryData<OnlineChangePointSettings, string> BadSettings() => new()
    {
        { Unit with { Hazard = 0 }, "Hazard must be in (0, 1); found 0" },
        { Unit with { Hazard = 1 }, "Hazard must be in (0, 1); found 1" },
        { Unit with { Hazard = double.NaN }, "Hazard must be in (0, 1); found NaN" },
        { Unit with { MaxRunLength = 0 }, "MaxRunLength must be at least 1; found 0" },
        { Unit with { Prior = new NormalGammaPrior(Rate: 0) }, "Rate must be a finite number > 0; found 0" },
        { Unit with { Prior = new NormalGammaPrior(Shape: -1) }, "Shape must be a finite number > 0; found -1" },
        { Unit with { Prior = new NormalGammaPrior(MeanPseudoCount: double.PositiveInfinity) }, "MeanPseudoCount must be a finite number > 0" },
        { Unit with { Prior = new NormalGammaPrior(Mean: double.NaN) }, "Mean must be a finite number; found NaN" },
        { Unit with { Prior = null! }, "Prior is null" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Constructor_BadSettings_ThrowsSayingWhatWasExpected(OnlineChangePointSettings settings, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new OnlineChangePointDetector(settings));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData(0.0, 5, "threshold must be in (0, 1]")]
    [InlineData(1.5, 5, "threshold must be in (0, 1]")]
    [InlineData(0.5, -1, "delay must be in [0, MaxRunLength) = [0, 1000); found -1")]
    [InlineData(0.5, 1000, "delay must be in [0, MaxRunLength) = [0, 1000); found 1000")]
    public void Detect_BadThresholdOrDelay_Throws(double threshold, int delay, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => OnlineChangePointDetector.Detect([1.0, 2.0], Unit, threshold, delay));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Update_NonFiniteValue_ThrowsNamingTheStep()
    {
        var detector = Run(Unit, [1.0, 2.0]);

        var e = Assert.Throws<ArgumentException>(() => detector.Update(double.NaN));
        Assert.Contains("value 2 = NaN", e.Message);
        var d = Assert.Throws<ArgumentException>(() => OnlineChangePointDetector.Detect([1.0, double.PositiveInfinity], Unit, 0.5, 0));
        Assert.Contains("series[1]", d.Message);
    }
}

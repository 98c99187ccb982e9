using ModeHop.Dynamics.ChangePoints;

namespace ModeHop.Cli.Pipeline;

/// <summary>A change the online detector is sure of: family <paramref name="Family"/>'s ngp moved from about
/// <paramref name="Before"/> to about <paramref name="After"/> at checkpoint <paramref name="Step"/>, which it could tell
/// at checkpoint <paramref name="SeenAtStep"/> with posterior <paramref name="Probability"/>.</summary>
public sealed record OnlineAlarm(string Family, long Step, long SeenAtStep, double Before, double After, double Probability);

/// <summary>
/// Change-point alarms while a lab run trains: one Bayesian online change-point detector
/// (<see cref="OnlineChangePointDetector"/>) per family over its test task's normalized general probability, fed
/// at every checkpoint. A change at checkpoint t is judged <see cref="Delay"/> checkpoints later, from
/// P(run length = Delay), and raised once when that reaches <see cref="Threshold"/>.
/// </summary>
/// <remarks>
/// The prior expects a regime's ngp near ½ but lets its first values set it (κ₀ = 0.1), and a noise of about
/// σ = 0.05 (α₀ = 2, β₀ = α₀σ²): the seed-to-seed spread of ngp in the demo run is 0.01–0.05, a hop moves it by
/// 0.2 or more. Hazard 1/50: a change every fifty checkpoints a priori.
/// </remarks>
public sealed class OnlineAlarms
{
    public const int Delay = 3;
    public const double Threshold = 0.8;
    const double Sigma = 0.05;

    static readonly OnlineChangePointSettings Settings = new(
        new NormalGammaPrior(Mean: 0.5, MeanPseudoCount: 0.1, Shape: 2, Rate: 2 * Sigma * Sigma), Hazard: 1.0 / 50, MaxRunLength: 500);

    sealed class Track
    {
        public readonly OnlineChangePointDetector Detector = new(Settings);
        public readonly List<long> Steps = [];
        public readonly List<double> Values = [];
        public int LastAlarm = -1;   // index of the last change raised
    }

    readonly Dictionary<string, Track> tracks = [];
    readonly List<OnlineAlarm> alarms = [];

    /// <summary>Every alarm raised so far, in the order raised.</summary>
    public IReadOnlyList<OnlineAlarm> Alarms => alarms;

    /// <summary>Feeds <paramref name="family"/>'s ngp at checkpoint <paramref name="step"/>; returns the alarm it raises, if any.</summary>
    public OnlineAlarm? Observe(string family, long step, double ngp)
    {
        if (!tracks.TryGetValue(family, out var track)) tracks[family] = track = new Track();
        track.Detector.Update(ngp);
        track.Steps.Add(step);
        track.Values.Add(ngp);
        int t = track.Values.Count - 1, change = t - Delay;
        if (change < 1 || change <= track.LastAlarm + Delay) return null;
        double p = track.Detector.RunLengthProbability(Delay);
        if (p < Threshold) return null;
        track.LastAlarm = change;
        double before = Mean(track.Values, Math.Max(0, change - Delay), change);
        double after = Mean(track.Values, change, t + 1);
        var alarm = new OnlineAlarm(family, track.Steps[change], step, before, after, p);
        alarms.Add(alarm);
        return alarm;
    }

    static double Mean(List<double> values, int from, int to)
    {
        double sum = 0;
        for (int i = from; i < to; i++) sum += values[i];
        return sum / (to - from);
    }
}

using ModeHop.Models.Scoring;

namespace ModeHop.Tests.Suite;

/// <summary>
/// Test scorer with known preferences: every continuation token in <paramref name="preferred"/> gets log 0.9, every
/// other token log 0.1, whatever the context. Records every call's requests.
/// </summary>
sealed class PreferenceScorer(params int[] preferred) : ISequenceScorer
{
    public static readonly float LogHigh = MathF.Log(0.9f), LogLow = MathF.Log(0.1f);

    /// <summary>The probabilities the suite sees after exp: the float log-probs widened to double.</summary>
    public static double High => Math.Exp(LogHigh);
    public static double Low => Math.Exp(LogLow);

    readonly HashSet<int> preferred = [.. preferred];

    public List<IReadOnlyList<ScoreRequest>> Calls { get; } = [];

    public IEnumerable<ScoreRequest> Requests => Calls.SelectMany(c => c);

    public float[][][] Score(IReadOnlyList<ScoreRequest> requests)
    {
        Calls.Add(requests.ToArray());
        return requests
            .Select(r => r.Continuations.Select(c => c.Select(t => preferred.Contains(t) ? LogHigh : LogLow).ToArray()).ToArray())
            .ToArray();
    }
}

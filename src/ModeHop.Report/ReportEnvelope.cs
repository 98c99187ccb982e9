namespace ModeHop.Report;

/// <summary>
/// The smooth trend of the run's general probability over tokens (a broken power law of 1 − general probability) and
/// where the run leaves it: the series at the fitted checkpoints, the fit, the largest excursions and every confirmed
/// test-task hop's residual at its two ends.
/// </summary>
/// <param name="Envelope">1 − a·x^(−b₁) before <paramref name="Break"/> (tokens), continuous after it with exponent −b₂.</param>
/// <param name="Residual">General probability − envelope, per checkpoint.</param>
public sealed record ReportEnvelope(IReadOnlyList<long> Steps, IReadOnlyList<long> Tokens, IReadOnlyList<double> GeneralProbability,
    IReadOnlyList<double> Envelope, IReadOnlyList<double> Residual, double Amplitude, double SlopeBefore, double SlopeAfter, double Break, long BreakStep,
    double ResidualRms, IReadOnlyList<ReportEnvelopeExcursion> Excursions, IReadOnlyList<ReportEnvelopeHop> Hops);

/// <summary>A checkpoint far from the envelope and the hops it lies in ("Family/task P→G").</summary>
public sealed record ReportEnvelopeExcursion(long Step, long Tokens, double Residual, IReadOnlyList<string> Hops);

/// <summary>A confirmed test-task hop's residual at its from- and to-checkpoint (NaN where the fit has none).</summary>
public sealed record ReportEnvelopeHop(string Family, string Task, string From, string To, long FromStep, long ToStep, double ResidualAtFrom, double ResidualAtTo);

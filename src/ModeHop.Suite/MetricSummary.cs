namespace ModeHop.Suite;

/// <summary>
/// A task's metrics over its scored seeds: each metric's mean and its spread, the population standard deviation
/// √((1/S) Σₛ (xₛ − mean)²) over the <paramref name="Seeds"/> seeds (0 for one seed).
/// </summary>
public sealed record MetricSummary(
    double HardAcc, double HardAccSpread,
    double ProbMargin, double ProbMarginSpread,
    double LogProbMargin, double LogProbMarginSpread,
    double NormalizedGeneralProb, double NormalizedGeneralProbSpread,
    int Seeds);

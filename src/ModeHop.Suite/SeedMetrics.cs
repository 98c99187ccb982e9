namespace ModeHop.Suite;

/// <summary>A task's four metrics under one demo seed, over <paramref name="Items"/> items (formulas in <see cref="Metrics.ForSeed"/>).</summary>
public sealed record SeedMetrics(int Seed, double HardAcc, double ProbMargin, double LogProbMargin, double NormalizedGeneralProb, int Items);

namespace ModeHop.Report;

/// <summary>
/// What a family's items and series did beyond their modes, shown as a small table under its chart: item flips and
/// final errors per series, each test task's correlation with its control, the early-warning trends before its hops,
/// and how its test tasks move together.
/// </summary>
/// <param name="TestTasks">The family's test tasks; <paramref name="Universality"/> (the mean Spearman ρ between their
/// ngp series) is NaN, "n/a", with fewer than two.</param>
/// <param name="Window">Checkpoints up to each hop's start that the early-warning signals look at (0: no hop).</param>
/// <param name="RollingWindow">Checkpoints per rolling variance and autocorrelation.</param>
public sealed record ReportFamilyDynamics(IReadOnlyList<ReportSeriesDynamics> Series, int TestTasks, double Universality, int Window, int RollingWindow);

/// <summary>
/// One series of a family (named by its <see cref="ReportSeries.Label"/>). An item is right when its seed-mean
/// general probability beats the parrot one; a flip is a change between consecutive checkpoints.
/// </summary>
/// <param name="Items">Items of the task (0 when the DB holds no item scores: the flip columns are then empty).</param>
/// <param name="FinalErrorsRightEarlier">Of the <paramref name="FinalErrors"/> items wrong at the final checkpoint, those right at an earlier one.</param>
/// <param name="ControlSpearman">A test task's Spearman ρ with its control across checkpoints; NaN for a control or without one.</param>
/// <param name="HopWindows">The hop windows <paramref name="VarianceTau"/> and <paramref name="AutocorrelationTau"/> are
/// means over: a test task's own confirmed hops; for a control, its test task's hops, the control's series over the same
/// checkpoints (the comparison). NaN when there is none or the trend is undefined in all of them.</param>
public sealed record ReportSeriesDynamics(string Series, bool Control, int Items, int RightToWrong, int WrongToRight, double FlipsPerItem,
    int FinalErrors, int FinalErrorsRightEarlier, double ControlSpearman, int HopWindows, double VarianceTau, double AutocorrelationTau);

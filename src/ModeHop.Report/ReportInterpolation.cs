namespace ModeHop.Report;

/// <summary>A family's test task along θ(λ) = (1−λ)·θ(from) + λ·θ(to): normalized general probability at each λ.</summary>
/// <param name="FromMode">The task's mode at the from checkpoint: General, Parrot or Mixed; likewise <paramref name="ToMode"/>.</param>
public sealed record ReportInterpolation(string Family, string Task, long FromStep, long ToStep, string FromMode, string ToMode,
    IReadOnlyList<double> Lambdas, IReadOnlyList<double> Ngp);

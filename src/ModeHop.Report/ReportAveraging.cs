namespace ModeHop.Report;

/// <summary>A family's test task scored on averaged weights at every checkpoint, beside its raw series.</summary>
/// <param name="Steps">One per checkpoint, like <paramref name="Tokens"/>, <paramref name="RawNgp"/> and every method's values.</param>
/// <param name="RawHops">Confirmed hops of the raw series.</param>
/// <param name="RawMaxJump">The largest |ngp change| between neighbouring checkpoints of the raw series.</param>
public sealed record ReportAveraging(string Family, string Task, IReadOnlyList<long> Steps, IReadOnlyList<long> Tokens, IReadOnlyList<double> RawNgp,
    int RawHops, double RawMaxJump, IReadOnlyList<ReportAveragedSeries> Methods);

/// <summary>One averaging method's series of the task: <paramref name="Method"/> e.g. "uniform" or "ema", with its <paramref name="Parameter"/> (K, or the decay).</summary>
public sealed record ReportAveragedSeries(string Method, double Parameter, IReadOnlyList<double> Ngp, int Hops, double MaxJump);

namespace ModeHop.Report;

/// <summary>One chart: a family's task and control series, its hops, and an optional note shown above the chart.</summary>
public sealed record ReportFamily(string Family, IReadOnlyList<ReportSeries> Series, IReadOnlyList<ReportHop> Hops, string? Note);

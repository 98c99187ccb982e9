namespace ModeHop.Report;

/// <summary>One chart: a family's task and control series, its hops, and an optional note shown above the chart.</summary>
public sealed record ReportFamily(string Family, IReadOnlyList<ReportSeries> Series, IReadOnlyList<ReportHop> Hops, string? Note)
{
    /// <summary>Change points of the series (null or empty: none drawn).</summary>
    public IReadOnlyList<ReportChangePoint>? ChangePoints { get; init; }

    /// <summary>An item of the family's test task, shown under the chart (null: none).</summary>
    public ReportItemExample? Example { get; init; }

    /// <summary>Item flips, early-warning trends and universality, as a table under the chart (null: none).</summary>
    public ReportFamilyDynamics? Dynamics { get; init; }
}

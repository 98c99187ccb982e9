namespace ModeHop.Report;

/// <summary>A change point of one series of a family's chart: a dashed vertical line at <see cref="Tokens"/> in the series' colour.</summary>
/// <param name="Series">The <see cref="ReportSeries.Label"/> of the series it was found in.</param>
/// <param name="Step">The first checkpoint of the new segment.</param>
/// <param name="Before">The mean value of the segment that ends here.</param>
/// <param name="After">The mean value of the segment that starts here.</param>
public sealed record ReportChangePoint(string Series, long Step, long Tokens, double Before, double After);

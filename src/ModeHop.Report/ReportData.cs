namespace ModeHop.Report;

/// <summary>Everything a report shows. <see cref="Generated"/> is printed as given, so equal data renders to equal bytes.</summary>
/// <param name="ValueLabel">The y axis title of every chart, e.g. "P(general), normalized".</param>
public sealed record ReportData(
    string Title,
    string RunName,
    string Source,
    DateTimeOffset Generated,
    IReadOnlyList<ReportSummaryLine> Summary,
    IReadOnlyList<ReportFamily> Families,
    string ValueLabel);

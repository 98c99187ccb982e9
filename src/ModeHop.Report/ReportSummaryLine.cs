namespace ModeHop.Report;

/// <summary>One line of the summary at the top of the report.</summary>
public sealed record ReportSummaryLine(string Label, string Value);

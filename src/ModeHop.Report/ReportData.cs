namespace ModeHop.Report;

/// <summary>
/// Everything a report shows. <see cref="Generated"/> is printed as given, so equal data renders to equal bytes.
/// Each analysis has an optional section: null (or an empty list) leaves it out.
/// </summary>
/// <param name="ValueLabel">The y axis title of every chart, e.g. "P(general), normalized".</param>
public sealed record ReportData(
    string Title,
    string RunName,
    string Source,
    DateTimeOffset Generated,
    IReadOnlyList<ReportSummaryLine> Summary,
    IReadOnlyList<ReportFamily> Families,
    string ValueLabel)
{
    /// <summary>The recommended checkpoint, shown first after the summary.</summary>
    public ReportSelection? Selection { get; init; }

    /// <summary>The envelope of the general probability, shown after the hop table.</summary>
    public ReportEnvelope? Envelope { get; init; }

    public ReportStability? Stability { get; init; }

    /// <summary>One entry per family.</summary>
    public IReadOnlyList<ReportAveraging>? Averaging { get; init; }

    /// <summary>One entry per family.</summary>
    public IReadOnlyList<ReportInterpolation>? Interpolation { get; init; }

    public ReportDataSelection? DataSelection { get; init; }

    public ReportPredictors? Predictors { get; init; }
}

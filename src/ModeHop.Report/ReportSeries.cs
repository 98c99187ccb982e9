namespace ModeHop.Report;

/// <summary>One line of a family's chart: a task or a control, one entry per checkpoint in every list.</summary>
/// <param name="Label">Shown in the legend, the mode strip and tooltips (escaped).</param>
/// <param name="Control">Drawn dashed in a muted colour.</param>
/// <param name="Tokens">Tokens seen at each checkpoint: the x axis.</param>
/// <param name="Steps">Training step of each checkpoint (tooltips).</param>
/// <param name="Values">The plotted value, e.g. normalized general probability, drawn on a 0..1 axis (values outside are clipped).</param>
/// <param name="Spread">Seed spread of each value, drawn as a band value ± spread; null for none.</param>
/// <param name="Modes">"General", "Parrot" or "Mixed" at each checkpoint.</param>
public sealed record ReportSeries(
    string Label,
    bool Control,
    IReadOnlyList<long> Tokens,
    IReadOnlyList<long> Steps,
    IReadOnlyList<double> Values,
    IReadOnlyList<double>? Spread,
    IReadOnlyList<string> Modes);

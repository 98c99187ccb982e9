namespace ModeHop.Report;

/// <summary>One hop as the report shows it: a marker at <see cref="ToTokens"/> and a row of the hop table.</summary>
/// <param name="From">"General", "Parrot" or "Mixed".</param>
/// <param name="To">"General", "Parrot" or "Mixed".</param>
/// <param name="MarginChange">log_prob_margin at the hop's end minus at its start.</param>
public sealed record ReportHop(
    string Family, string Task,
    long FromStep, long ToStep,
    long FromTokens, long ToTokens,
    string From, string To,
    double MarginChange);

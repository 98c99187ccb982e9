namespace ModeHop.Report;

/// <summary>One item of a task, shown as preformatted text under its family's chart: what the model is asked and the two answers compared.</summary>
public sealed record ReportItemExample(string Task, int Index, string Prompt, string General, string Parrot);

namespace ModeHop.Report;

/// <summary>Data selection: the training windows labelled by the margin change they caused, and the continuation arms.</summary>
public sealed record ReportDataSelection(IReadOnlyList<ReportDataWindow> Windows, IReadOnlyList<ReportDataArm> Arms);

/// <summary>A training window [<paramref name="FromStep"/>, <paramref name="ToStep"/>); <paramref name="Label"/>: pro-general, pro-pattern or neutral.</summary>
/// <param name="MarginChange">Mean margin change over the test tasks across the window.</param>
public sealed record ReportDataWindow(int Index, string Name, long FromStep, long ToStep, double MarginChange, string Label);

/// <summary>
/// One continuation arm (e.g. uncontrolled, pro-pattern, pro-general): <paramref name="Steps"/> steps from
/// <paramref name="FromStep"/>, its confirmed hops, final mode per family, and held-out general probability at each of
/// its checkpoints (<paramref name="ArmSteps"/>, as the arm counts them).
/// </summary>
public sealed record ReportDataArm(string Arm, long FromStep, int Steps, int TaskHops, int ControlHops,
    IReadOnlyList<ReportFamilyMode> FinalModes, double FinalHeldOut, IReadOnlyList<long> ArmSteps, IReadOnlyList<double> HeldOut);

/// <summary>A family's mode (General, Parrot or Mixed) at the end of an arm.</summary>
public sealed record ReportFamilyMode(string Family, string Mode);

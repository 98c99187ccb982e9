namespace ModeHop.Cli.Findings;

/// <summary>
/// Findings mark an undefined number (a τ over too few checkpoints, a ρ of a constant series) as NaN. The <c>value</c>
/// column of a finding row holds no NaN (the store refuses it), so an undefined headline number is stored as null.
/// </summary>
public static class FindingValue
{
    public static double? OrNull(double value) => double.IsNaN(value) ? null : value;

    /// <summary>The mean of the defined values (NaN skipped); NaN when none is defined.</summary>
    public static double DefinedMean(IEnumerable<double> values)
    {
        var defined = values.Where(v => !double.IsNaN(v)).ToArray();
        return defined.Length == 0 ? double.NaN : defined.Average();
    }
}

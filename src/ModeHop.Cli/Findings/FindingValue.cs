namespace ModeHop.Cli.Findings;

/// <summary>The <c>value</c> column of a finding row holds no NaN (the store refuses it): an undefined headline number is stored as null.</summary>
public static class FindingValue
{
    public static double? OrNull(double value) => double.IsNaN(value) ? null : value;
}

namespace ModeHop.Report;

/// <summary>The input contract of <see cref="HtmlReport.Render"/>, checked before anything is drawn.</summary>
internal static partial class ReportChecks
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the family and series unless every list is present, a series'
    /// Tokens, Steps, Values, Modes (and Spread, when given) have one entry per checkpoint, values are finite,
    /// spreads are finite and ≥ 0, and every mode is "General", "Parrot" or "Mixed".
    /// </summary>
    public static void Validate(ReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Summary is null || data.Families is null)
            throw new ArgumentException("ReportData: Summary and Families must be lists (empty is fine), not null.", nameof(data));
        foreach (ReportSummaryLine? line in data.Summary)
            if (line is null)
                throw new ArgumentException("ReportData.Summary holds a null line; drop it or give it a label and a value.", nameof(data));
        foreach (ReportFamily? family in data.Families)
        {
            if (family is null)
                throw new ArgumentException("ReportData.Families holds a null family.", nameof(data));
            if (family.Series is null || family.Hops is null)
                throw new ArgumentException($"Report family '{family.Family}': Series and Hops must be lists (empty is fine), not null.", nameof(data));
            foreach (ReportSeries? series in family.Series)
                Validate(family.Family, series);
            foreach (ReportHop? hop in family.Hops)
            {
                if (hop is null)
                    throw new ArgumentException($"Report family '{family.Family}': Hops holds a null hop.", nameof(data));
                if (!ModeNames.IsKnown(hop.From) || !ModeNames.IsKnown(hop.To))
                    throw new ArgumentException($"Report family '{family.Family}', hop of '{hop.Task}' at step {hop.ToStep}: modes must be General, Parrot or Mixed; found '{hop.From}' → '{hop.To}'.", nameof(data));
                if (!double.IsFinite(hop.MarginChange))
                    throw new ArgumentException($"Report family '{family.Family}', hop of '{hop.Task}' at step {hop.ToStep}: MarginChange = {hop.MarginChange} is not finite.", nameof(data));
            }
            ValidateChangePoints(family);
        }
        ValidateSections(data);
    }

    static void Validate(string family, ReportSeries? series)
    {
        if (series is null)
            throw new ArgumentException($"Report family '{family}': Series holds a null series.", "data");
        string where = $"Report family '{family}', series '{series.Label}'";
        if (series.Tokens is null || series.Steps is null || series.Values is null || series.Modes is null)
            throw new ArgumentException($"{where}: Tokens, Steps, Values and Modes must be lists (empty is fine), not null.", "data");
        int n = series.Values.Count;
        void SameLength(string name, int count)
        {
            if (count != n)
                throw new ArgumentException($"{where}: Values has {n} entries but {name} has {count}; give one entry per checkpoint in every list.", "data");
        }
        SameLength("Tokens", series.Tokens.Count);
        SameLength("Steps", series.Steps.Count);
        SameLength("Modes", series.Modes.Count);
        if (series.Spread is not null)
            SameLength("Spread", series.Spread.Count);
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(series.Values[i]))
                throw new ArgumentException($"{where}: Values[{i}] = {series.Values[i]} is not finite.", "data");
            if (series.Spread is not null && !(series.Spread[i] >= 0 && double.IsFinite(series.Spread[i])))
                throw new ArgumentException($"{where}: Spread[{i}] = {series.Spread[i]} is not a finite spread ≥ 0.", "data");
            if (!ModeNames.IsKnown(series.Modes[i]))
                throw new ArgumentException($"{where}: Modes[{i}] = '{series.Modes[i]}'; expected General, Parrot or Mixed.", "data");
        }
    }
}

using System.Globalization;
using System.Text;
using ModeHop.Report.Charts;

namespace ModeHop.Report.Sections;

/// <summary>
/// The envelope of the general probability: the run's general probability over tokens with its broken power-law
/// envelope dashed over it, the break and the largest excursions marked; the fit in one line, the mean residual at the
/// ends of the confirmed test-task hops per direction, and a table of the excursions with the hops they lie in.
/// </summary>
internal static class EnvelopeSection
{
    const string EnvelopeColour = "#b8860b";

    public static void Render(StringBuilder html, ReportEnvelope envelope)
    {
        SectionHtml.Open(html, "envelope", "Envelope of the general probability",
            "The run's smooth trend: a broken power law fitted to 1 − general probability over tokens (checkpoints with tokens > 0). Hops show as departures from it.");
        double[] x = envelope.Tokens.Select(t => (double)t).ToArray();
        string Tip(string label, int i, double v) => $"{label} · step {Html.Int(envelope.Steps[i])} · {TokenCount.Format(envelope.Tokens[i])} tokens · {Html.Value(v)} (residual {Html.Signed(envelope.Residual[i])})";
        var lines = new List<ChartLine>
        {
            new("general probability", Palette.Ink, x, envelope.GeneralProbability, envelope.GeneralProbability.Select((v, i) => Tip("general probability", i, v)).ToArray()),
            new("envelope (broken power law)", EnvelopeColour, x, envelope.Envelope, envelope.Envelope.Select((v, i) => Tip("envelope", i, v)).ToArray(), Dashed: true, Width: 2.2),
        };
        var markers = new List<ChartMarker>
        {
            new(envelope.Break, Palette.Muted, $"break of the power law at {TokenCount.FormatApproximate(envelope.Break)} tokens (step {Html.Int(envelope.BreakStep)})", "break"),
        };
        var at = envelope.Steps.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        foreach (ReportEnvelopeExcursion e in envelope.Excursions)
            if (at.TryGetValue(e.Step, out int i))
                markers.Add(new ChartMarker(e.Tokens, Palette.Parrot, $"excursion at step {Html.Int(e.Step)}: residual {Html.Signed(e.Residual)}{(e.Hops.Count > 0 ? " · " + string.Join(", ", e.Hops) : "")}", null, envelope.GeneralProbability[i]));
        html.Append(LineChart.Render(new LineChartSpec("The run's general probability and its broken power-law envelope over tokens seen", "tokens seen",
            t => TokenCount.Format(t), 1, "general probability", lines, markers, "envelope-chart")));
        var entries = lines.Select(Legend.LineEntry).ToList();
        entries.Add(Legend.RingEntry(Palette.Parrot, "largest excursions"));
        html.Append(Legend.List(entries));

        SectionHtml.Paragraph(html, Html.Escape(
            $"1 − general probability ≈ a·x^(−b₁) before the break at {TokenCount.FormatApproximate(envelope.Break)} tokens (step {Html.Int(envelope.BreakStep)}), exponent −b₂ after it: " +
            $"a = {envelope.Amplitude.ToString("G3", CultureInfo.InvariantCulture)}, b₁ = {Html.Signed(envelope.SlopeBefore)}, b₂ = {Html.Signed(envelope.SlopeAfter)}; residual rms {Html.Value(envelope.ResidualRms)}."));
        foreach (var direction in envelope.Hops.GroupBy(h => (h.From, h.To)).OrderBy(g => g.Key.From, StringComparer.Ordinal))
        {
            double start = Mean(direction.Select(h => h.ResidualAtFrom)), end = Mean(direction.Select(h => h.ResidualAtTo));
            SectionHtml.Paragraph(html, $"{ModeNames.Arrow(direction.Key.From, direction.Key.To)} hops ({Html.Int(direction.Count())}): residual {Signed(start)} at the start, <strong>{Signed(end)}</strong> at the end (means).");
        }
        if (envelope.Excursions.Count > 0)
            SectionHtml.Table(html, "envelope-table", [("checkpoint", false), ("tokens", true), ("residual", true), ("test-task hops it lies in", false)],
                envelope.Excursions.Select(e => (IReadOnlyList<string>)
                [
                    $"step {Html.Step(e.Step)}", TokenCount.Format(e.Tokens), Html.Signed(e.Residual), e.Hops.Count == 0 ? "—" : Html.Escape(string.Join(", ", e.Hops)),
                ]));
        SectionHtml.Close(html);
    }

    static double Mean(IEnumerable<double> values)
    {
        var defined = values.Where(v => !double.IsNaN(v)).ToArray();
        return defined.Length == 0 ? double.NaN : defined.Average();
    }

    static string Signed(double value) => double.IsNaN(value) ? "n/a" : Html.Signed(value);
}

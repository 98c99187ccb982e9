using System.Globalization;
using System.Text;
using ModeHop.Report.Charts;

namespace ModeHop.Report.Sections;

/// <summary>
/// Checkpoint averaging, per family: the test task's raw ngp series with each averaged series over it (the family
/// chart's axes: tokens seen, 0..1), and a table of hops and largest one-checkpoint jump with a verdict per method.
/// </summary>
internal static class AveragingSection
{
    public const string Removed = "removed", Softened = "softened", Unchanged = "unchanged", NoHop = "no hop to remove";

    /// <summary>A jump counts as softened when it shrinks by at least this share.</summary>
    const double SoftenedShare = 0.1;

    /// <summary>
    /// What averaging did to the raw series' hops: <c>removed</c> when the raw series hops and the averaged one does not;
    /// <c>softened</c> when it has fewer hops, or its largest jump is at least 10 % smaller; <c>unchanged</c> otherwise;
    /// <c>no hop to remove</c> when the raw series has none.
    /// </summary>
    public static string Verdict(int rawHops, double rawMaxJump, int hops, double maxJump) =>
        rawHops == 0 ? NoHop
        : hops == 0 ? Removed
        : hops < rawHops || maxJump <= (1 - SoftenedShare) * rawMaxJump ? Softened
        : Unchanged;

    public static void Render(StringBuilder html, IReadOnlyList<ReportAveraging> families)
    {
        SectionHtml.Open(html, "averaging", "Checkpoint averaging",
            "Each test task scored on averaged weights at every checkpoint: a uniform average of the trailing checkpoints and an exponential moving average, over the raw series. A hop that is real survives averaging, perhaps softened.");
        foreach (ReportAveraging family in families)
        {
            SectionHtml.Heading(html, $"{family.Family} · {family.Task}");
            var lines = new List<ChartLine> { Line(family, "raw", family.RawNgp, Palette.Ink, 2.2, dashed: false) };
            for (int m = 0; m < family.Methods.Count; m++)
                lines.Add(Line(family, MethodLabel(family.Methods[m]), family.Methods[m].Ngp, MethodColour(m), 2, dashed: false));
            html.Append(LineChart.Render(new LineChartSpec($"{family.Family}: raw and averaged normalized general probability over tokens seen", "tokens seen",
                t => TokenCount.Format(t), 1, "normalized general probability", lines, [], "averaging-chart")));
            html.Append(Legend.List(lines.Select(Legend.LineEntry)));

            var rows = new List<IReadOnlyList<string>> { new[] { "raw", Html.Int(family.RawHops), Html.Value(family.RawMaxJump), "" } };
            foreach (ReportAveragedSeries method in family.Methods)
            {
                string verdict = Verdict(family.RawHops, family.RawMaxJump, method.Hops, method.MaxJump);
                rows.Add([Html.Escape(MethodLabel(method)), Html.Int(method.Hops), Html.Value(method.MaxJump), $"<span class=\"verdict verdict-{verdict.Replace(' ', '-')}\">{verdict}</span>"]);
            }
            SectionHtml.Table(html, "averaging-table", [("series", false), ("confirmed hops", true), ("largest jump", true), ("verdict", false)], rows);
        }
        SectionHtml.Close(html);
    }

    static ChartLine Line(ReportAveraging family, string label, IReadOnlyList<double> ngp, string colour, double width, bool dashed) =>
        new(label, colour, family.Tokens.Select(t => (double)t).ToArray(), ngp,
            ngp.Select((v, i) => $"{label} · step {Html.Int(family.Steps[i])} · {TokenCount.Format(family.Tokens[i])} tokens · {Html.Value(v)}").ToArray(), dashed, width);

    /// <summary>"uniform, K = 5" or "EMA, decay 0.9"; another method's name with its parameter.</summary>
    internal static string MethodLabel(ReportAveragedSeries method) => method.Method.ToLowerInvariant() switch
    {
        "uniform" => $"uniform, K = {method.Parameter.ToString("0.##", CultureInfo.InvariantCulture)}",
        "ema" => $"EMA, decay {method.Parameter.ToString("0.###", CultureInfo.InvariantCulture)}",
        _ => $"{method.Method} ({method.Parameter.ToString("0.###", CultureInfo.InvariantCulture)})",
    };

    /// <summary>Gold, then purple, …: task hues, clear of the raw series' ink.</summary>
    static string MethodColour(int index) => Palette.Task(new[] { 2, 1, 4, 6, 5, 7 }[index % 6]);
}

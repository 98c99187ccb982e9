using System.Text.RegularExpressions;
using System.Xml.Linq;
using ModeHop.Report;

namespace ModeHop.Tests.Report;

/// <summary>Synthetic report data and small readers of the rendered HTML.</summary>
internal static partial class SampleReports
{
    public static readonly DateTimeOffset Generated = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>n checkpoints at steps 0, 100, … and 200k tokens per 100 steps, with modes read from the values.</summary>
    public static ReportSeries Series(string label, bool control, double[] values, double[]? spread = null) => new(
        label, control,
        values.Select((_, i) => 200_000L * i).ToArray(),
        values.Select((_, i) => 100L * i).ToArray(),
        values, spread,
        values.Select(v => v >= 0.6 ? "General" : v <= 0.4 ? "Parrot" : "Mixed").ToArray());

    public static ReportHop Hop(string family, string task, int fromIndex, int toIndex, string from, string to, double marginChange) =>
        new(family, task, 100L * fromIndex, 100L * toIndex, 200_000L * fromIndex, 200_000L * toIndex, from, to, marginChange);

    /// <summary>Repetitive: algebra hops P→G, G→P, P→G (three hops); its control rises smoothly. Flipped: one hop.</summary>
    public static ReportData TwoFamilies()
    {
        var algebra = Series("algebra", false, [0.1, 0.2, 0.8, 0.85, 0.3, 0.5, 0.9, 0.92], [0.05, 0.05, 0.06, 0.05, 0.08, 0.1, 0.04, 0.03]);
        var algebraControl = Series("algebra control", true, [0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]);
        var repetitive = new ReportFamily("Repetitive", [algebra, algebraControl],
        [
            Hop("Repetitive", "algebra", 1, 2, "Parrot", "General", 3.25),
            Hop("Repetitive", "algebra", 3, 4, "General", "Parrot", -2.5),
            Hop("Repetitive", "algebra", 4, 6, "Parrot", "General", 4.0),
        ], "The control rises smoothly while its task hops.");
        var words = Series("words", false, [0.2, 0.3, 0.35, 0.7, 0.75]);
        var flipped = new ReportFamily("Flipped", [words], [Hop("Flipped", "words", 2, 3, "Parrot", "General", 1.5)], null);
        return Data([repetitive, flipped]);
    }

    public static ReportData Data(IReadOnlyList<ReportFamily> families, string title = "ModeHop report", string source = "runs/demo/results.db") =>
        new(title, "demo", source, Generated,
            [new("checkpoints", "8"), new("confirmed hops", "4")],
            families, "P(general), normalized");

    /// <summary>Every &lt;svg&gt;…&lt;/svg&gt; fragment of a document (none nest).</summary>
    public static IReadOnlyList<string> SvgFragments(string html) =>
        SvgRegex().Matches(html).Select(m => m.Value).ToList();

    /// <summary>The chart SVGs (class="chart"), parsed, in family order.</summary>
    public static IReadOnlyList<XElement> Charts(string html) =>
        SvgFragments(html).Where(s => s.StartsWith("<svg class=\"chart\"", StringComparison.Ordinal)).Select(s => XElement.Parse(s)).ToList();

    public static int Count(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
            n++;
        return n;
    }

    [GeneratedRegex(@"<svg\b.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgRegex();
}

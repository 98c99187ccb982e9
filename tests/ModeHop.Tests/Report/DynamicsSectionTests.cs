using System.Xml.Linq;
using ModeHop.Report;

namespace ModeHop.Tests.Report;

/// <summary>A family's items-and-signals table and the envelope section, on <see cref="SampleReports.AllSections"/>.</summary>
public class DynamicsSectionTests
{
    static string Class(XElement e) => (string?)e.Attribute("class") ?? "";

    /// <summary>The rows of the family's dynamics table, as cell texts.</summary>
    static IReadOnlyList<string[]> Rows(string html, string family)
    {
        int start = html.IndexOf($"<h2>{family}</h2>", StringComparison.Ordinal);
        int table = html.IndexOf("<table class=\"dynamics-table\">", start, StringComparison.Ordinal);
        string fragment = html[table..(html.IndexOf("</table>", table, StringComparison.Ordinal) + "</table>".Length)];
        return XElement.Parse(fragment).Element("tbody")!.Elements("tr").Select(tr => tr.Elements("td").Select(td => td.Value).ToArray()).ToArray();
    }

    [Fact]
    public void Render_FamilyDynamics_OneRowPerSeriesUnderTheChart_DashesWhereNothingApplies()
    {
        string html = HtmlReport.Render(SampleReports.AllSections());

        var rows = Rows(html, "Repetitive");
        Assert.Equal(["algebra", "12 / 15", "0.42", "5 of 64", "4 (80 %)", "0.35", "0.60 / \u22120.20 (3)"], rows[0]);
        // a control has no control; nothing wrong at the end; an undefined τ is n/a
        Assert.Equal(["algebra control", "2 / 6", "0.13", "0 of 64", "—", "—", "0.10 / n/a (3)"], rows[1]);
        Assert.Contains("universality: n/a (1 test task; it takes two).", html);
        Assert.Contains("over the 8 checkpoints up to each confirmed hop&#39;s start", html);
        // under the chart, before the example item
        int section = html.IndexOf("<h2>Repetitive</h2>", StringComparison.Ordinal);
        int chart = html.IndexOf("<svg class=\"chart\"", section, StringComparison.Ordinal), table = html.IndexOf("dynamics-table", section, StringComparison.Ordinal),
            example = html.IndexOf("class=\"example\"", section, StringComparison.Ordinal);
        Assert.True(chart < table && table < example, "chart, then the table, then the example");

        // no item scores, no hop: dashes; two test tasks: the mean ρ, and no τ note without hops
        Assert.Equal(["words", "—", "—", "—", "—", "n/a", "—"], Rows(html, "Flipped")[0]);
        int flipped = html.IndexOf("<h2>Flipped</h2>", StringComparison.Ordinal);
        string flippedSection = html[flipped..html.IndexOf("</section>", flipped, StringComparison.Ordinal)];
        Assert.Contains("the family's 2 test tasks across checkpoints <strong>0.83</strong>", flippedSection);
        Assert.DoesNotContain("τ: Kendall", flippedSection);
    }

    [Fact]
    public void Render_Envelope_DashedEnvelopeOverTheSeries_BreakAndExcursionsMarked_HopMeansPerDirection()
    {
        ReportData data = SampleReports.AllSections();
        string html = HtmlReport.Render(data);

        int hops = html.IndexOf("<h2>Hops</h2>", StringComparison.Ordinal), envelope = html.IndexOf("<h2>Envelope of the general probability</h2>", StringComparison.Ordinal),
            stability = html.IndexOf("<h2>Local stability</h2>", StringComparison.Ordinal);
        Assert.True(hops < envelope && envelope < stability, "after the hop table, before the controls");
        XElement chart = SampleReports.SvgFragments(html).Select(s => XElement.Parse(s)).Single(s => Class(s).Split(' ').Contains("envelope-chart"));
        var lines = chart.Descendants("polyline").ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Null(lines[0].Attribute("stroke-dasharray"));
        Assert.Equal("6 4", (string?)lines[1].Attribute("stroke-dasharray"));
        Assert.Equal(7, lines[1].Attribute("points")!.Value.Split(' ').Length);
        var markers = chart.Descendants("g").Where(g => Class(g) == "marker").ToArray();
        Assert.Equal(1 + data.Envelope!.Excursions.Count, markers.Length);
        Assert.Equal("break", markers[0].Element("text")!.Value);
        Assert.StartsWith("break of the power law at 300k tokens (step 200)", markers[0].Element("title")!.Value);
        Assert.Equal(2, chart.Descendants("circle").Count(c => (string?)c.Attribute("r") == "6"));

        Assert.Contains("G→P hops (1): residual +0.300 at the start, <strong>\u22120.320</strong> at the end (means).", html);
        // the NaN start of the third hop is left out of its direction's mean
        Assert.Contains("P→G hops (2): residual \u22120.100 at the start, <strong>+0.125</strong> at the end (means).", html);
        Assert.Contains("b₁ = +0.200, b₂ = +0.500; residual rms 0.200.", html);
        Assert.Contains("<td>step 400</td><td class=\"num\">800k</td><td class=\"num\">\u22120.320</td><td>Repetitive/algebra G→P</td>", html);
        Assert.Contains("<td>step 300</td><td class=\"num\">600k</td><td class=\"num\">+0.300</td><td>—</td>", html);
    }

    [Theory]
    [InlineData(629_769.13, "630k")]
    [InlineData(1_234_567, "1.23M")]
    [InlineData(999.6, "1k")]
    [InlineData(0, "0")]
    public void FormatApproximate_ThreeSignificantFigures(double tokens, string expected)
    {
        Assert.Equal(expected, TokenCount.FormatApproximate(tokens));
    }
}

using System.Globalization;
using System.Xml.Linq;
using ModeHop.Report;

namespace ModeHop.Tests.Report;

public class HtmlReportChartTests
{
    static IEnumerable<XElement> Named(XElement root, string name) => root.Descendants(name);

    static string Class(XElement e) => (string?)e.Attribute("class") ?? "";

    [Fact]
    public void Render_TwoFamilies_OneChartEachWithItsOwnHopMarkers()
    {
        string html = HtmlReport.Render(SampleReports.TwoFamilies());

        var charts = SampleReports.Charts(html);
        Assert.Equal(2, charts.Count);
        Assert.Equal(3, Named(charts[0], "g").Count(g => Class(g) == "hop"));
        Assert.Equal(1, Named(charts[1], "g").Count(g => Class(g) == "hop"));
    }

    [Fact]
    public void Render_HopMarker_AtTheHopsEndCheckpointWithTooltip()
    {
        XElement chart = SampleReports.Charts(HtmlReport.Render(SampleReports.TwoFamilies()))[0];

        var titles = Named(chart, "g").Where(g => Class(g) == "hop").Select(g => g.Element("title")!.Value).ToList();
        Assert.Equal(["P→G at step 200", "G→P at step 400", "P→G at step 600"], titles.Select(t => t[..t.IndexOf(" ·", StringComparison.Ordinal)]));

        // the marker's vertical tick sits at the x of the task's checkpoint at step 400 (the hop's ToTokens)
        XElement marker = Named(chart, "g").Single(g => Class(g) == "hop" && g.Element("title")!.Value.StartsWith("G→P at step 400", StringComparison.Ordinal));
        XElement dot = Named(chart, "circle").Single(c => c.Element("title")!.Value.StartsWith("algebra · step 400 ·", StringComparison.Ordinal));
        Assert.Equal((string?)dot.Attribute("cx"), (string?)marker.Element("line")!.Attribute("x1"));
    }

    [Fact]
    public void Render_TaskSolidControlDashedInAMutedColour()
    {
        XElement chart = SampleReports.Charts(HtmlReport.Render(SampleReports.TwoFamilies()))[0];

        XElement task = Named(chart, "polyline").Single(p => Class(p) == "task");
        XElement control = Named(chart, "polyline").Single(p => Class(p) == "control");
        Assert.Null(task.Attribute("stroke-dasharray"));
        Assert.NotNull(control.Attribute("stroke-dasharray"));
        Assert.Equal(Palette.Lighten((string)task.Attribute("stroke")!, 0.5), (string?)control.Attribute("stroke"));
        Assert.Equal(8, ((string)task.Attribute("points")!).Split(' ').Length);
    }

    [Fact]
    public void Render_SpreadGiven_BandOnlyForThatSeries()
    {
        var charts = SampleReports.Charts(HtmlReport.Render(SampleReports.TwoFamilies()));

        XElement band = Assert.Single(Named(charts[0], "polygon"), p => Class(p) == "band");
        Assert.Equal(16, ((string)band.Attribute("points")!).Split(' ').Length); // upper edge forward, lower edge back
        Assert.DoesNotContain(Named(charts[1], "polygon"), p => Class(p) == "band");
    }

    [Fact]
    public void Render_HalfLine_IsDashedAndAtMidHeight()
    {
        XElement chart = SampleReports.Charts(HtmlReport.Render(SampleReports.TwoFamilies()))[0];

        var horizontal = Named(chart, "line").Where(l => (string?)l.Attribute("y1") == (string?)l.Attribute("y2")).ToList();
        double Y(XElement l) => double.Parse((string)l.Attribute("y1")!, CultureInfo.InvariantCulture);
        double top = horizontal.Min(Y), bottom = horizontal.Max(Y);
        XElement half = Assert.Single(horizontal, l => l.Attribute("stroke-dasharray") is not null);
        Assert.Equal((top + bottom) / 2, Y(half), 2);
    }

    [Fact]
    public void Render_XTicks_FormattedAsTokenCounts()
    {
        XElement chart = SampleReports.Charts(HtmlReport.Render(SampleReports.TwoFamilies()))[0];

        var labels = Named(chart, "text").Select(t => t.Value).ToList();
        Assert.Contains("0", labels);
        Assert.Contains("1.4M", labels); // the last checkpoint: 7 × 200k
        Assert.Contains("tokens seen", labels);
        Assert.Contains("P(general), normalized", labels);
    }

    [Fact]
    public void Render_ModeStrip_OneCellPerCheckpointColouredByMode()
    {
        ReportData data = SampleReports.TwoFamilies();
        XElement chart = SampleReports.Charts(HtmlReport.Render(data))[0];

        var cells = Named(chart, "rect").Where(r => Class(r) == "cell").ToList();
        ReportFamily family = data.Families[0];
        Assert.Equal(family.Series.Sum(s => s.Values.Count), cells.Count);
        var expected = family.Series.SelectMany(s => s.Modes).Select(m => m switch { "General" => Palette.General, "Parrot" => Palette.Parrot, _ => Palette.Mixed });
        Assert.Equal(expected, cells.Select(c => (string)c.Attribute("fill")!));
        // the strip spans exactly the plot's width, like the x axis (58 to 742 px)
        double X(XElement c, string name) => double.Parse((string)c.Attribute(name)!, CultureInfo.InvariantCulture);
        Assert.Equal(58, cells.Min(c => X(c, "x")), 2);
        Assert.Equal(742, cells.Max(c => X(c, "x") + X(c, "width")), 2);
    }

    [Fact]
    public void Render_HopTable_OneRowPerHopWithModesStepsTokensAndMargin()
    {
        string html = HtmlReport.Render(SampleReports.TwoFamilies());

        string table = html[html.IndexOf("<table class=\"hops\">", StringComparison.Ordinal)..];
        table = table[..(table.IndexOf("</table>", StringComparison.Ordinal) + "</table>".Length)];
        var rows = XElement.Parse(table).Element("tbody")!.Elements("tr").Select(r => r.Elements("td").Select(td => td.Value).ToArray()).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Equal(["Repetitive", "algebra", "G→P", "300 → 400", "600k → 800k", "\u22122.500"], rows[1]);
        Assert.Equal(["Flipped", "words", "P→G", "200 → 300", "400k → 600k", "+1.500"], rows[3]);
    }

    [Fact]
    public void Render_NoHops_SaysSoInsteadOfAnEmptyTable()
    {
        ReportData data = SampleReports.Data([new ReportFamily("Truthy", [SampleReports.Series("capitals", false, [0.3, 0.35])], [], null)]);

        string html = HtmlReport.Render(data);

        Assert.DoesNotContain("<table", html);
        Assert.Contains("No hops.", html);
        Assert.DoesNotContain("class=\"hop\"", html);
    }

    [Fact]
    public void Render_SummaryAndMeta_AtTheTopBeforeTheFirstFamily()
    {
        string html = HtmlReport.Render(SampleReports.TwoFamilies());

        int summary = html.IndexOf("<dt>confirmed hops</dt><dd>4</dd>", StringComparison.Ordinal);
        int firstFamily = html.IndexOf("<section class=\"family\">", StringComparison.Ordinal);
        Assert.InRange(summary, 0, firstFamily);
        Assert.Contains("run <strong>demo</strong> · source runs/demo/results.db · generated 2025-03-01 12:00:00 UTC", html);
        Assert.Contains("<p class=\"note\">The control rises smoothly while its task hops.</p>", html);
    }

    [Fact]
    public void Render_Legend_NamesEverySeries()
    {
        string html = HtmlReport.Render(SampleReports.TwoFamilies());

        Assert.Contains("algebra control</li>", html); // no second "control" tag when the label says it
        Assert.Contains(">algebra</li>", html);
        Assert.Equal(2, SampleReports.Count(html, "<ul class=\"legend\">"));
        Assert.Contains("hop to General", html);
        Assert.Contains("hop to Parrot", html);
    }
}

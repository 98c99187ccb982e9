using System.Xml.Linq;
using ModeHop.Report;

namespace ModeHop.Tests.Report;

/// <summary>No checkpoints, one checkpoint, constant series: a chart or a plain sentence, never NaN.</summary>
public class EdgeSeriesTests
{
    static void NoBadNumbers(string html)
    {
        Assert.DoesNotContain("NaN", html);
        Assert.DoesNotContain("Infinity", html);
        Assert.DoesNotContain("\u221E", html);
        foreach (string svg in SampleReports.SvgFragments(html))
            XElement.Parse(svg);
    }

    [Fact]
    public void Render_FamilyWithoutSeries_SaysNoCheckpoints()
    {
        string html = HtmlReport.Render(SampleReports.Data([new ReportFamily("OOCR", [], [], null)]));

        Assert.Contains("<h2>OOCR</h2>", html);
        Assert.Contains("<p class=\"empty\">no checkpoints</p>", html);
        Assert.Empty(SampleReports.Charts(html));
        NoBadNumbers(html);
    }

    [Fact]
    public void Render_SeriesWithZeroPoints_SaysNoCheckpoints()
    {
        var empty = new ReportSeries("algebra", false, [], [], [], [], []);

        string html = HtmlReport.Render(SampleReports.Data([new ReportFamily("Repetitive", [empty], [], null)]));

        Assert.Contains("no checkpoints", html);
        Assert.Empty(SampleReports.Charts(html));
    }

    [Fact]
    public void Render_EmptySeriesBesideAFullOne_ChartForTheFullOneAndATagForTheEmpty()
    {
        var empty = new ReportSeries("algebra twin", true, [], [], [], null, []);
        var full = SampleReports.Series("algebra", false, [0.2, 0.8]);

        string html = HtmlReport.Render(SampleReports.Data([new ReportFamily("Repetitive", [full, empty], [], null)]));

        XElement chart = Assert.Single(SampleReports.Charts(html));
        Assert.Single(chart.Descendants("polyline"));
        Assert.Contains("algebra twin<span class=\"tag\">control</span><span class=\"tag\">no checkpoints</span>", html);
        NoBadNumbers(html);
    }

    [Fact]
    public void Render_OnePoint_ADotAndOneCellNoLine()
    {
        var one = new ReportSeries("algebra", false, [1_000_000], [500], [0.7], [0.1], ["General"]);

        string html = HtmlReport.Render(SampleReports.Data([new ReportFamily("Repetitive", [one], [], null)]));

        XElement chart = Assert.Single(SampleReports.Charts(html));
        Assert.Empty(chart.Descendants("polyline"));
        XElement dot = Assert.Single(chart.Descendants("circle"));
        Assert.Equal("400", (string?)dot.Attribute("cx")); // the middle of the plot: an empty token range maps there
        Assert.Single(chart.Descendants("rect"), r => (string?)r.Attribute("class") == "cell");
        Assert.Contains(chart.Descendants("text"), t => t.Value == "1M");
        NoBadNumbers(html);
    }

    [Fact]
    public void Render_ConstantSeries_NoDivisionByZero()
    {
        // same value and same tokens at every checkpoint: both ranges are empty
        var flat = new ReportSeries("flat", false, [5000, 5000, 5000], [1, 2, 3], [0.5, 0.5, 0.5], [0, 0, 0], ["Mixed", "Mixed", "Mixed"]);
        var level = SampleReports.Series("level", true, [0.3, 0.3, 0.3, 0.3]);

        string flatHtml = HtmlReport.Render(SampleReports.Data([new ReportFamily("A", [flat], [], null)]));
        string levelHtml = HtmlReport.Render(SampleReports.Data([new ReportFamily("B", [level], [], null)]));

        NoBadNumbers(flatHtml);
        NoBadNumbers(levelHtml);
        Assert.Single(SampleReports.Charts(levelHtml)[0].Descendants("polyline"));
    }

    [Fact]
    public void Render_ValuesOutsideTheAxis_ClippedToTheChart()
    {
        var wild = SampleReports.Series("wild", false, [-0.5, 1.5], [3, 3]);

        XElement chart = Assert.Single(SampleReports.Charts(HtmlReport.Render(SampleReports.Data([new ReportFamily("A", [wild], [], null)]))));

        var ys = chart.Descendants("circle").Select(c => (string)c.Attribute("cy")!).ToList();
        Assert.Equal(["246", "26"], ys); // the plot's bottom (0) and top (1)
    }

    [Fact]
    public void Render_NoFamilies_StillAWholeDocument()
    {
        string html = HtmlReport.Render(SampleReports.Data([]));

        Assert.Contains("No families.", html);
        Assert.Contains("No hops.", html);
        Assert.EndsWith("</html>\n", html);
    }
}

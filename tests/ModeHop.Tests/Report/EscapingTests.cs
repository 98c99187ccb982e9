using System.Xml.Linq;
using ModeHop.Report;

namespace ModeHop.Tests.Report;

/// <summary>Every text from the data is escaped, in HTML and inside SVG &lt;text&gt; and &lt;title&gt;.</summary>
public class EscapingTests
{
    const string Script = "<script>alert(1)</script>";
    const string Escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";

    static ReportData Hostile(string text)
    {
        var series = SampleReports.Series(text, false, [0.1, 0.9]);
        var hop = new ReportHop(text, text, 0, 100, 0, 200_000, "Parrot", "General", 2.0);
        var family = new ReportFamily(text, [series], [hop], text);
        return new ReportData(text, text, text, SampleReports.Generated, [new(text, text)], [family], text);
    }

    [Fact]
    public void Render_ScriptInTaskLabelAndNote_EscapedAndNoScriptTag()
    {
        var data = SampleReports.TwoFamilies();
        ReportFamily f = data.Families[0];
        var family = f with
        {
            Series = [f.Series[0] with { Label = Script }, f.Series[1]],
            Hops = f.Hops.Select(h => h with { Task = Script }).ToList(),
            Note = Script,
        };

        string html = HtmlReport.Render(data with { Families = [family, data.Families[1]] });

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"<p class=\"note\">{Escaped}</p>", html);
        Assert.Contains($"{Escaped}<", html); // the legend entry
        // SVG: strip label (text), every dot and cell (title) and every hop marker (title) of the task
        XElement chart = SampleReports.Charts(html)[0];
        Assert.Contains(chart.Descendants("text"), t => t.Value == Script);
        Assert.Equal(8, chart.Descendants("circle").Count(c => c.Element("title")!.Value.StartsWith(Script + " · step", StringComparison.Ordinal)));
        Assert.Equal(3, chart.Descendants("g").Count(g => g.Element("title")?.Value.Contains($"· {Script} ·", StringComparison.Ordinal) == true));
    }

    [Fact]
    public void Render_ScriptInEveryTextField_NeverRaw()
    {
        string html = HtmlReport.Render(Hostile(Script));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("</script", html, StringComparison.OrdinalIgnoreCase);
        // title (twice in <title>), h1, run, source, summary label and value, family h2, note, legend, hop table family and task,
        // y-axis title, aria-label (family, value label), strip label, dot, cell and hop titles
        Assert.True(SampleReports.Count(html, Escaped) >= 18, $"found {SampleReports.Count(html, Escaped)} escaped copies");
    }

    [Fact]
    public void Render_QuotesInLabels_CannotOpenAnAttribute()
    {
        string html = HtmlReport.Render(Hostile("x\" onload=\"alert(1)' onerror='alert(2)"));

        Assert.DoesNotContain("onload=\"", html);
        Assert.DoesNotContain("onerror='", html);
        Assert.Contains("x&quot; onload=&quot;alert(1)&#39; onerror=&#39;alert(2)", html);
    }

    [Fact]
    public void Render_AmpersandAndControlCharacters_SvgStaysWellFormed()
    {
        string html = HtmlReport.Render(Hostile("R&D \u0001\u0008 tab\tok \uD800 lone"));

        foreach (string svg in SampleReports.SvgFragments(html))
            XElement.Parse(svg);
        Assert.Contains("R&amp;D \uFFFD\uFFFD tab\tok \uFFFD lone", html);
    }

    [Theory]
    [InlineData("a<b", "a&lt;b")]
    [InlineData("a>b", "a&gt;b")]
    [InlineData("a&b", "a&amp;b")]
    [InlineData("\"'", "&quot;&#39;")]
    [InlineData("P→G 😀", "P→G 😀")]
    [InlineData("", "")]
    public void Escape_Characters(string text, string expected)
    {
        Assert.Equal(expected, Html.Escape(text));
    }
}

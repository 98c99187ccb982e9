using System.Xml.Linq;
using ModeHop.Report;

namespace ModeHop.Tests.Report;

public class SvgWellFormedTests
{
    [Fact]
    public void Render_Sample_EverySvgFragmentParsesAsXml()
    {
        string html = HtmlReport.Render(SampleReports.TwoFamilies());

        var fragments = SampleReports.SvgFragments(html);
        // two charts, and legend swatches: 3 series, 1 spread band, hop kinds (Repetitive 2, Flipped 1), 3 modes × 2 families
        Assert.Equal(2 + 3 + 1 + 3 + 6, fragments.Count);
        foreach (string svg in fragments)
        {
            XElement root = XElement.Parse(svg);
            Assert.Equal("svg", root.Name.LocalName);
        }
    }

    [Fact]
    public void Render_Sample_SvgCountMatchesOpeningTags()
    {
        string html = HtmlReport.Render(SampleReports.TwoFamilies());

        Assert.Equal(SampleReports.Count(html, "<svg "), SampleReports.SvgFragments(html).Count);
        Assert.Equal(SampleReports.Count(html, "<svg "), SampleReports.Count(html, "</svg>"));
    }
}

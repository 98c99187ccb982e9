using System.Text.RegularExpressions;
using ModeHop.Report;

namespace ModeHop.Tests.Report;

/// <summary>The file opens offline: nothing to fetch, nothing to run.</summary>
public class SelfContainedTests
{
    [Fact]
    public void Render_Sample_NoExternalReferenceOfAnyKind()
    {
        string html = HtmlReport.Render(SampleReports.TwoFamilies());

        foreach (string banned in new[] { "http:", "https:", "//", "src=", "href=", "url(", "@import", "<link", "<img", "<iframe", "<object", "<embed", "<script" })
            Assert.DoesNotContain(banned, html, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">", html);
        Assert.Contains("<style>", html);
        Assert.EndsWith("</html>\n", html);
    }

    [Fact]
    public void Render_UrlInTheData_OnlyAsTextNeverAsAnAttribute()
    {
        const string url = "https://example.org/pythia-160m";
        ReportData data = SampleReports.Data(SampleReports.TwoFamilies().Families, source: url);

        string html = HtmlReport.Render(data);

        Assert.Contains($"source {url}", html);
        Assert.Equal(1, SampleReports.Count(html, "https:"));
        Assert.DoesNotMatch(new Regex(@"\b(src|href|xlink:href|action)\s*=", RegexOptions.IgnoreCase), html);
    }
}

using System.Globalization;
using ModeHop.Report;

namespace ModeHop.Tests.Report;

public class DeterminismTests
{
    [Fact]
    public void Render_SameDataTwice_SameText()
    {
        Assert.Equal(HtmlReport.Render(SampleReports.TwoFamilies()), HtmlReport.Render(SampleReports.TwoFamilies()));
    }

    [Fact]
    public void Render_UnderACommaDecimalCulture_SameText()
    {
        string invariant = HtmlReport.Render(SampleReports.TwoFamilies());
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = comma;
            Assert.Equal("0,5", 0.5.ToString(CultureInfo.CurrentCulture)); // the culture really is in force
            Assert.Equal(invariant, HtmlReport.Render(SampleReports.TwoFamilies()));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Render_GeneratedComesFromTheData_PrintedInUtc()
    {
        ReportData data = SampleReports.TwoFamilies() with { Generated = new DateTimeOffset(2024, 12, 31, 23, 30, 5, TimeSpan.FromHours(-2)) };

        string html = HtmlReport.Render(data);

        Assert.Contains("generated 2025-01-01 01:30:05 UTC", html);
        Assert.DoesNotContain(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), html);
    }
}

using ModeHop.Report;

namespace ModeHop.Tests.Report;

public class BadInputTests
{
    static ReportData With(ReportSeries series, params ReportHop[] hops) =>
        SampleReports.Data([new ReportFamily("Repetitive", [series], hops, null)]);

    static readonly ReportSeries Good = SampleReports.Series("algebra", false, [0.2, 0.8]);

    public static TheoryData<string, ReportSeries> BadSeries => new()
    {
        { "Tokens has 1", Good with { Tokens = [0] } },
        { "Steps has 3", Good with { Steps = [0, 1, 2] } },
        { "Modes has 1", Good with { Modes = ["Parrot"] } },
        { "Spread has 1", Good with { Spread = [0.1] } },
        { "Values[1] = NaN", Good with { Values = [0.2, double.NaN] } },
        { "Spread[0] = -1", Good with { Spread = [-1, 0] } },
        { "Modes[1] = 'general'", Good with { Modes = ["Parrot", "general"] } },
    };

    [Theory]
    [MemberData(nameof(BadSeries))]
    public void Render_BadSeries_ThrowsNamingFamilySeriesAndProblem(string problem, ReportSeries series)
    {
        var e = Assert.Throws<ArgumentException>(() => HtmlReport.Render(With(series)));

        Assert.Contains("family 'Repetitive', series 'algebra'", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Render_HopWithUnknownMode_Throws()
    {
        var hop = SampleReports.Hop("Repetitive", "algebra", 0, 1, "P", "General", 1.0);

        var e = Assert.Throws<ArgumentException>(() => HtmlReport.Render(With(Good, hop)));
        Assert.Contains("'P'", e.Message);
    }

    [Fact]
    public void Render_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => HtmlReport.Render(null!));
        Assert.Throws<ArgumentException>(() => HtmlReport.Render(SampleReports.Data(null!)));
    }
}

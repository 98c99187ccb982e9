using System.Text;
using ModeHop.Report;

namespace ModeHop.Tests.Report;

public sealed class WriteTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("modehop-report-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Write_NewFile_RenderedTextAndNoTmpLeft()
    {
        string path = Path.Combine(dir, "report.html");
        ReportData data = SampleReports.TwoFamilies();

        HtmlReport.Write(data, path);

        Assert.Equal(HtmlReport.Render(data), File.ReadAllText(path, Encoding.UTF8));
        Assert.False(File.Exists(path + ".tmp"));
        Assert.Equal(["report.html"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
        Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]); // no byte-order mark
    }

    [Fact]
    public void Write_ExistingFile_Replaced()
    {
        string path = Path.Combine(dir, "report.html");
        File.WriteAllText(path, "old report, much longer than nothing at all ......................................................");
        ReportData data = SampleReports.TwoFamilies() with { Title = "second" };

        HtmlReport.Write(data, path);
        HtmlReport.Write(data with { Title = "third" }, path);

        string text = File.ReadAllText(path);
        Assert.Equal(HtmlReport.Render(data with { Title = "third" }), text);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Write_TmpCannotBeWritten_ThrowsAndOldFileUntouched()
    {
        string path = Path.Combine(dir, "report.html");
        File.WriteAllText(path, "old");
        Directory.CreateDirectory(path + ".tmp"); // a directory where the temporary file should go

        Exception e = Assert.ThrowsAny<Exception>(() => HtmlReport.Write(SampleReports.TwoFamilies(), path));

        Assert.True(e is IOException or UnauthorizedAccessException, e.GetType().Name);

        Assert.Equal("old", File.ReadAllText(path));
        Assert.True(Directory.Exists(path + ".tmp"));
    }

    [Fact]
    public void Write_BadData_ThrowsBeforeTouchingTheFile()
    {
        string path = Path.Combine(dir, "report.html");
        File.WriteAllText(path, "old");
        var bad = SampleReports.Data([new ReportFamily("A", [new ReportSeries("x", false, [1], [1], [double.NaN], null, ["Mixed"])], [], null)]);

        Assert.Throws<ArgumentException>(() => HtmlReport.Write(bad, path));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.False(File.Exists(path + ".tmp"));
    }
}

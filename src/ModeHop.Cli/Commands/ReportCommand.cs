using System.CommandLine;
using ModeHop.Cli.Pipeline;
using ModeHop.Dynamics;
using ModeHop.Report;
using ModeHop.Store;

namespace ModeHop.Cli.Commands;

/// <summary>
/// <c>modehop report</c>: one self-contained HTML file with a chart per family (hops and change points marked, an
/// example item), a table of hops, and a section per analysis whose findings the DB holds (docs/report.md).
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "The results DB.", Required = true };
        var run = new Option<string?>("--run") { Description = "Which run in the DB (default: its only run)." };
        var output = new Option<string>("--out") { Description = "The HTML file to write (atomically).", DefaultValueFactory = _ => "report.html" };
        var command = new Command("report", "Write one self-contained HTML report (no script, no network): per family an SVG chart of the task and its control over tokens with hop and change-point markers and an example item, a table of hops, and a section for each analysis stored in the DB (recommended checkpoint, local stability, averaging, interpolation, data selection, predictors).")
        {
            db, run, output,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            string dbPath = Common.ExistingFile(r.GetValue(db)!, "results DB");
            using var store = ResultsStore.Open(dbPath, create: false);
            var picked = RunAnalysis.PickRun(store, r.GetValue(run));
            var tasks = RunAnalysis.Analyze(store, picked, new ModeRule());
            Console.WriteLine($"report: {Write(store, picked, tasks, r.GetValue(output)!, [])}");
            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary>
    /// Writes the report of an analysed run with every section whose findings <paramref name="store"/> holds;
    /// <paramref name="extra"/> lines go after the standard summary.
    /// </summary>
    /// <exception cref="InvalidDataException">A finding's JSON does not read as its kind's record.</exception>
    public static string Write(ResultsStore store, RunRow run, IReadOnlyList<TaskAnalysis> tasks, string output, IReadOnlyList<ReportSummaryLine> extra)
    {
        var summary = ReportBuilder.Summary(tasks).Concat(extra).ToArray();
        // The report is dated by the last write to the DB it shows, not by when it was rendered.
        var generated = new DateTimeOffset(File.GetLastWriteTimeUtc(store.Path), TimeSpan.Zero);
        var data = ReportBuilder.Build(store, run, tasks, summary, generated);
        string dir = Path.GetDirectoryName(Path.GetFullPath(output))!;
        Directory.CreateDirectory(dir);
        HtmlReport.Write(data, output);
        return output;
    }
}

using System.CommandLine;
using ModeHop.Cli.Pipeline;
using ModeHop.Dynamics;
using ModeHop.Report;
using ModeHop.Store;

namespace ModeHop.Cli.Commands;

/// <summary><c>modehop report</c>: one self-contained HTML file with a chart per family and a table of hops.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "The results DB.", Required = true };
        var run = new Option<string?>("--run") { Description = "Which run in the DB (default: its only run)." };
        var output = new Option<string>("--out") { Description = "The HTML file to write (atomically).", DefaultValueFactory = _ => "report.html" };
        var command = new Command("report", "Write one self-contained HTML report (no network): per family an SVG chart of the task and its control over tokens with hop markers, and a table of hops.")
        {
            db, run, output,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            string dbPath = Common.ExistingFile(r.GetValue(db)!, "results DB");
            RunRow picked;
            IReadOnlyList<TaskAnalysis> tasks;
            using (var store = ResultsStore.Open(dbPath, create: false))
            {
                picked = RunAnalysis.PickRun(store, r.GetValue(run));
                tasks = RunAnalysis.Analyze(store, picked, new ModeRule());
            }
            Console.WriteLine($"report: {Write(dbPath, picked, tasks, r.GetValue(output)!, [])}");
            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary>Writes the report of an analysed run; <paramref name="extra"/> lines go after the standard summary.</summary>
    public static string Write(string dbPath, RunRow run, IReadOnlyList<TaskAnalysis> tasks, string output, IReadOnlyList<ReportSummaryLine> extra)
    {
        var summary = ReportBuilder.Summary(tasks).Concat(extra).ToArray();
        // The report is dated by the last write to the DB it shows, not by when it was rendered.
        var generated = new DateTimeOffset(File.GetLastWriteTimeUtc(dbPath), TimeSpan.Zero);
        string dir = Path.GetDirectoryName(Path.GetFullPath(output))!;
        Directory.CreateDirectory(dir);
        HtmlReport.Write(ReportBuilder.Build(run, tasks, summary, generated), output);
        return output;
    }
}

using System.Diagnostics;
using Spectre.Console;

namespace ModeHop.Cli.Terminal;

/// <summary>
/// Progress of a long job: a live bar when stdout is a terminal, otherwise plain lines at most
/// every few seconds (CI logs, redirected output, batch jobs).
/// </summary>
public sealed class ProgressView
{
    readonly bool interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
    readonly Stopwatch sinceLine = Stopwatch.StartNew();
    readonly TimeSpan lineEvery;

    public ProgressView(TimeSpan? lineEvery = null) => this.lineEvery = lineEvery ?? TimeSpan.FromSeconds(5);

    public bool Interactive => interactive;

    /// <summary>
    /// Runs <paramref name="work"/>, which reports (done, status line) through the callback it is given.
    /// </summary>
    public T Run<T>(string title, long total, Func<Action<long, string>, T> work, string unit = "steps")
    {
        if (!interactive)
        {
            Console.WriteLine($"{title}: started ({total} {unit})");
            return work((done, status) =>
            {
                if (done == total || sinceLine.Elapsed >= lineEvery)
                {
                    Console.WriteLine($"{title}: {done}/{total} {status}");
                    sinceLine.Restart();
                }
            });
        }
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: Math.Max(1, total));
                result = work((done, status) =>
                {
                    task.Value = done;
                    task.Description = Markup.Escape($"{title} {status}");
                });
                task.Value = task.MaxValue;
            });
        return result;
    }
}

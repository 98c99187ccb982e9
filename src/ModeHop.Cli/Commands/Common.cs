using System.CommandLine;
using ModeHop.Tensors.Threading;

namespace ModeHop.Cli.Commands;

/// <summary>Options shared by several verbs.</summary>
public static class Common
{
    public static Option<int?> ThreadsOption() => new("--threads")
    {
        Description = $"Worker threads (default: all {Environment.ProcessorCount} cores).",
    };

    public static void ApplyThreads(int? threads)
    {
        if (threads is { } t)
        {
            if (t < 1 || t > 1024) throw new UsageException($"--threads must be between 1 and 1024, got {t}.");
            WorkerPool.Configure(t);
        }
    }

    /// <summary>The path, if a file exists there; otherwise a FileNotFoundException that says what was expected.</summary>
    public static string ExistingFile(string path, string what) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path}: no such file; expected a {what}.", path);

    public static Option<bool> JsonOption() => new("--json") { Description = "Print one JSON object instead of text." };
}

using System.CommandLine;
using ModeHop.Cli.Commands;

namespace ModeHop.Cli;

public static class Program
{
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    /// <summary>The <c>modehop</c> command and its verbs.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("ModeHop: watch a language model hop between parrot and general modes during pre-training.\nEach verb has --help. Exit codes: 0 success, 2 bad input (one line says what to fix), 1 internal error.")
        {
            DemoCommand.Create(),
            TrainCommand.Create(),
            InspectCommand.Create(),
            ScanCommand.Create(),
            AnalyzeCommand.Create(),
            ControlsCommand.Create(),
            SelectCommand.Create(),
            DataselCommand.Create(),
            PredictorsCommand.Create(),
            ChangepointsCommand.Create(),
            ReportCommand.Create(),
            ForwardCommand.Create(),
            BenchCommand.Create(),
            TokenizeCommand.Create(),
        };
        return root;
    }
}

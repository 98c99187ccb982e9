using System.CommandLine;

namespace ModeHop.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("ModeHop: watch a language model hop between parrot and general modes during pre-training.");
        return await root.Parse(args).InvokeAsync();
    }
}

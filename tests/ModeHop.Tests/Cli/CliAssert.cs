namespace ModeHop.Tests.Cli;

/// <summary>Assertions on a run of the real program (<see cref="CliRunner"/>), the failure printing all it wrote.</summary>
public static class CliAssert
{
    /// <summary>Runs modehop with <paramref name="args"/> and asserts exit code 0.</summary>
    public static CliRunner.Result Ok(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }

    /// <summary>Runs modehop with <paramref name="args"/> and asserts exit code 2 (bad input).</summary>
    public static CliRunner.Result Fails(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        return r;
    }

    /// <summary>Runs modehop with <paramref name="args"/>: exit code 2 and one line on stderr that contains <paramref name="says"/>.</summary>
    public static void OneLineError(string says, params string[] args)
    {
        var r = Fails(args);
        Assert.Contains(says, r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }
}

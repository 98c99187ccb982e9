namespace ModeHop.Cli;

/// <summary>
/// Turns exceptions into the CLI's contract: bad input → one line on stderr and exit code 2;
/// an unexpected failure → one line and exit code 1 (the stack trace only with MODEHOP_DEBUG=1).
/// </summary>
public static class CliErrors
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (IsBadInput(e))
        {
            Console.Error.WriteLine($"modehop: error: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("modehop: cancelled.");
            return Failure;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"modehop: internal error: {e.GetType().Name}: {OneLine(e.Message)}");
            if (Environment.GetEnvironmentVariable("MODEHOP_DEBUG") == "1") Console.Error.WriteLine(e);
            else Console.Error.WriteLine("modehop: run again with MODEHOP_DEBUG=1 for the stack trace, and please report it.");
            return Failure;
        }
    }

    /// <summary>Exceptions that mean "the user gave us something we cannot use".</summary>
    public static bool IsBadInput(Exception e) =>
        e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or UsageException
        or UnauthorizedAccessException or PathTooLongException;

    static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

/// <summary>A command-line usage problem the parser cannot catch (bad combinations, bad values).</summary>
public sealed class UsageException(string message) : Exception(message);

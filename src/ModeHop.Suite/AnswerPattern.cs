using System.Text.RegularExpressions;

namespace ModeHop.Suite;

/// <summary>
/// How a sampled answer of a generative item is judged, as the seed work does: the decoded sample is cut before its
/// first stop (<see cref="Stops"/>), then <see cref="TestItem.GeneralPattern"/> is searched for anywhere in what is
/// left, case-insensitively (Python's <c>re.search(pattern, answer, re.IGNORECASE)</c>).
/// </summary>
public static class AnswerPattern
{
    /// <summary>
    /// A sample ends before the first of these: the seed work's "\nQ:" (the next question) and, since answers here are
    /// one line, "\n" (which also cuts every "\nQ:"). A sampler may stop drawing once one has appeared.
    /// </summary>
    public static IReadOnlyList<string> Stops { get; } = ["\nQ:", "\n"];

    /// <summary>How long one search may take before it is an error: a pattern that needs more backtracks badly.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Compiles a pattern with the options every match uses: IgnoreCase, CultureInvariant, <see cref="Timeout"/>.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid .NET regex.</exception>
    public static Regex Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);
    }

    /// <summary>The sample up to (not including) its first stop; the whole sample when there is none.</summary>
    public static string Cut(string sampled)
    {
        ArgumentNullException.ThrowIfNull(sampled);
        int end = sampled.Length;
        foreach (var stop in Stops)
        {
            int at = sampled.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at < end) end = at;
        }
        return sampled[..end];
    }

    /// <summary>True when <paramref name="pattern"/> is found in <c>Cut(sampled)</c>.</summary>
    /// <exception cref="RegexMatchTimeoutException">The search took longer than <see cref="Timeout"/>.</exception>
    public static bool Matches(Regex pattern, string sampled)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return pattern.IsMatch(Cut(sampled));
    }
}

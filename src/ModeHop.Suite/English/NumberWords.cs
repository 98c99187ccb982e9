namespace ModeHop.Suite.English;

/// <summary>English words for the numbers 0 to 20.</summary>
internal static class NumberWords
{
    static readonly string[] Words =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];

    public const int Max = 20;

    /// <exception cref="ArgumentOutOfRangeException">n is outside 0 … 20.</exception>
    public static string Of(int n) =>
        (uint)n <= Max ? Words[n] : throw new ArgumentOutOfRangeException(nameof(n), n, "Number words cover 0 to 20.");
}

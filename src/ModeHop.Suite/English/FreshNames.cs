namespace ModeHop.Suite.English;

/// <summary>
/// Names the OOCR tasks give to what a fine-tune must identify: strings that no pre-training corpus ties to anything,
/// so that whatever the model says of them after the fine-tune it learned from the fine-tune (as Treutlein et al. 2024
/// do: random letter strings for functions, "City 50337" for places). Each is checked against the text of every
/// English bank (<see cref="EnglishBanks.AllText"/>), so it is no word or part of a word that ModeHop's own items use.
/// </summary>
internal static class FreshNames
{
    /// <summary>
    /// <paramref name="count"/> distinct strings of <paramref name="length"/> uniform lowercase letters (e.g. "ydmsml"),
    /// each absent from the banks' text.
    /// </summary>
    public static string[] Letters(SplitMix64 rng, int count, int length)
    {
        string banks = EnglishBanks.AllText();
        return Draw(count, () => new string(Enumerable.Range(0, length).Select(_ => (char)('a' + rng.NextInt(26))).ToArray()),
            name => !banks.Contains(name, StringComparison.Ordinal), "letter names");
    }

    /// <summary>
    /// <paramref name="count"/> distinct labels "<paramref name="prefix"/> NNNNN" (five digits, the last not 0, so no label's
    /// number is a distance in tens of kilometres), each number absent from the banks' text.
    /// </summary>
    public static string[] Numbered(SplitMix64 rng, string prefix, int count)
    {
        string banks = EnglishBanks.AllText();
        return Draw(count, () => $"{prefix} {Generation.Digits(rng.Between(1000, 9999) * 10 + rng.Between(1, 9))}",
            label => !banks.Contains(label[(prefix.Length + 1)..], StringComparison.Ordinal), $"\"{prefix}\" labels");
    }

    static string[] Draw(int count, Func<string> next, Func<string, bool> fresh, string what)
    {
        var names = new List<string>(count);
        for (int attempt = 0; names.Count < count; attempt++)
        {
            Generation.Check(attempt < 100 * count, $"{count} fresh {what} in {attempt} draws");
            string name = next();
            if (fresh(name) && !names.Contains(name)) names.Add(name);
        }
        return [.. names];
    }
}

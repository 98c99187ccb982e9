namespace ModeHop.Models.Tokenizers.PreTokenizers;

/// <summary>What becomes of the delimiters when a piece is split on a pattern (Hugging Face's SplitDelimiterBehavior).</summary>
enum SplitBehavior
{
    /// <summary>The delimiters are dropped.</summary>
    Removed,
    /// <summary>Each delimiter is a piece of its own.</summary>
    Isolated,
    /// <summary>A delimiter joins the piece before it.</summary>
    MergedWithPrevious,
    /// <summary>A delimiter joins the piece after it.</summary>
    MergedWithNext,
    /// <summary>Runs of delimiters become one piece.</summary>
    Contiguous,
}

static class Splitting
{
    public static SplitBehavior Parse(JsonSection s, string key) => s.String(key) switch
    {
        "Removed" => SplitBehavior.Removed,
        "Isolated" => SplitBehavior.Isolated,
        "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
        "MergedWithNext" => SplitBehavior.MergedWithNext,
        "Contiguous" => SplitBehavior.Contiguous,
        var other => throw s.Error($"'{key}' \"{other}\" is not a split behavior; expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous."),
    };

    /// <summary>
    /// Cuts <paramref name="piece"/> at the given matches (sorted, non-overlapping (start, length) in UTF-16 units),
    /// the way Hugging Face's <c>NormalizedString::split</c> does: the text is covered by segments alternating
    /// between gaps and matches (<paramref name="invert"/> swaps the two), and the behavior glues or drops them.
    /// </summary>
    public static void Apply(PreToken piece, IEnumerable<(int Start, int Length)> matches, SplitBehavior behavior, bool invert, List<PreToken> output)
    {
        string text = piece.Text;
        var segments = new List<(int Start, int End, bool IsMatch)>();
        int previous = 0;
        foreach (var (start, length) in matches)
        {
            if (length == 0) continue;
            if (start > previous) segments.Add((previous, start, invert));
            segments.Add((start, start + length, !invert));
            previous = start + length;
        }
        if (previous < text.Length) segments.Add((previous, text.Length, invert));

        var kept = new List<(int Start, int End)>();
        switch (behavior)
        {
            case SplitBehavior.Isolated:
                foreach (var s in segments) kept.Add((s.Start, s.End));
                break;
            case SplitBehavior.Removed:
                foreach (var s in segments) if (!s.IsMatch) kept.Add((s.Start, s.End));
                break;
            case SplitBehavior.Contiguous:
            case SplitBehavior.MergedWithPrevious:
            {
                bool previousMatch = false;
                foreach (var s in segments)
                {
                    bool glue = behavior == SplitBehavior.Contiguous ? s.IsMatch == previousMatch : s.IsMatch && !previousMatch;
                    if (glue && kept.Count > 0) kept[^1] = (kept[^1].Start, s.End);
                    else kept.Add((s.Start, s.End));
                    previousMatch = s.IsMatch;
                }
                break;
            }
            case SplitBehavior.MergedWithNext:
            {
                bool nextMatch = false;
                for (int i = segments.Count - 1; i >= 0; i--)
                {
                    var s = segments[i];
                    if (s.IsMatch && !nextMatch && kept.Count > 0) kept[^1] = (s.Start, kept[^1].End);
                    else kept.Add((s.Start, s.End));
                    nextMatch = s.IsMatch;
                }
                kept.Reverse();
                break;
            }
        }
        foreach (var (start, end) in kept)
            if (end > start) output.Add(new PreToken(text[start..end], piece.AtStart && start == 0));
    }
}

namespace ModeHop.Lab;

/// <summary>
/// Splits the space of documents by a stable hash of their context text: one bucket in <see cref="Buckets"/> is
/// reserved for test and control items, so no test item is ever seen in training (training draws are redrawn until
/// they fall outside it, test draws until they fall inside).
/// </summary>
public static class HeldOut
{
    public const int Buckets = 8;
    const int MaxDraws = 4096;

    /// <summary>
    /// The text a document is held out by: its context, with the demos sorted when their order carries nothing (then a
    /// seed's shuffle of a test item's demos stays in the held-out bucket).
    /// </summary>
    public static string Key(IReadOnlyList<EpisodeDemo> demos, string query, bool orderedDemos) =>
        orderedDemos
            ? string.Join(Episode.Joiner, demos.Select(d => d.Prompt + " " + d.Answer).Append(query))
            : string.Join(Episode.Joiner, demos.Select(d => d.Prompt + " " + d.Answer).Order(StringComparer.Ordinal).Append(query));

    public static bool IsHeldOut(string context)
    {
        // FNV-1a, 64-bit: stable across runs and runtimes (string.GetHashCode is randomised per process).
        ulong h = 14695981039346656037UL;
        foreach (char c in context)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h % Buckets == 0;
    }

    /// <summary>Draws until <paramref name="heldOut"/> matches; <paramref name="draw"/> must use its own generator state.</summary>
    public static T Draw<T>(Func<T> draw, Func<T, string> context, bool heldOut, string what)
    {
        for (int i = 0; i < MaxDraws; i++)
        {
            var x = draw();
            if (IsHeldOut(context(x)) == heldOut) return x;
        }
        throw new InvalidOperationException($"{what}: no {(heldOut ? "held-out" : "training")} document in {MaxDraws} draws; the world is too small for this family.");
    }
}

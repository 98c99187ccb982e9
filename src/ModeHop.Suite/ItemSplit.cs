namespace ModeHop.Suite;

/// <summary>Which items of a task a score reads: the selection split, the held-out split, or all of them.</summary>
public enum ItemSplitPart
{
    /// <summary>Items with an even index: what checkpoint selection ranks on.</summary>
    Selection,

    /// <summary>Items with an odd index: what the chosen checkpoint is judged on.</summary>
    HeldOut,

    /// <summary>Every item (the task's own normalized_general_prob).</summary>
    All,
}

/// <summary>The two numbers of one scored (item, seed) that the split score reads; built from a stored row or an in-memory result.</summary>
public readonly record struct ItemProbabilities(int ItemIndex, int Seed, double GeneralMeanProb, double ParrotMeanProb);

/// <summary>
/// The item split of the applications: item index even → selection split, odd → held-out split. One rule for every
/// task and every run, fixed by the index alone, so the split needs no seed, never changes between checkpoints, and
/// both halves hold the same demo seeds and (for the lab's generated items) the same distribution.
/// <para>
/// A task's split general probability is normalized_general_prob (<see cref="Metrics"/>) restricted to the split's items:
/// <code>
/// ngp_split = (1/S) Σ_seeds (1/n_s) Σ_{items i in the split} Pg_i / (Pg_i + Pp_i)     (½ for an item with Pg = Pp = 0)
/// </code>
/// with Pg, Pp the mean per-token probabilities of the general and parrot answers, n_s the split's items scored under
/// seed s, and S the seeds that scored at least one of them. On <see cref="ItemSplitPart.All"/> it is exactly the
/// seed mean of the stored metric.
/// </para>
/// </summary>
public static class ItemSplit
{
    /// <summary>The split item <paramref name="itemIndex"/> belongs to.</summary>
    public static ItemSplitPart Of(int itemIndex) => itemIndex % 2 == 0 ? ItemSplitPart.Selection : ItemSplitPart.HeldOut;

    /// <summary>Whether item <paramref name="itemIndex"/> counts in <paramref name="part"/>.</summary>
    public static bool Contains(ItemSplitPart part, int itemIndex) => part == ItemSplitPart.All || Of(itemIndex) == part;

    /// <summary>The task's split general probability over <paramref name="rows"/> (one task, one checkpoint; any order).</summary>
    /// <exception cref="ArgumentException">No row falls in the split (a task needs two items for both splits).</exception>
    public static double GeneralProbability(IEnumerable<ItemProbabilities> rows, ItemSplitPart part)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var seeds = new SortedDictionary<int, (double Sum, int Count)>();
        foreach (var r in rows)
        {
            if (!Contains(part, r.ItemIndex)) continue;
            var (sum, count) = seeds.GetValueOrDefault(r.Seed);
            seeds[r.Seed] = (sum + Metrics.NormalizedGeneralProb(r.GeneralMeanProb, r.ParrotMeanProb), count + 1);
        }
        if (seeds.Count == 0)
            throw new ArgumentException($"No scored item falls in the {part} split; a task needs at least two items (even and odd indices) for checkpoint selection.", nameof(rows));
        return seeds.Values.Average(s => s.Sum / s.Count);
    }

    /// <summary>The split general probability of a task scored in memory (<see cref="TaskResult.Items"/>).</summary>
    public static double GeneralProbability(IEnumerable<ItemResult> items, ItemSplitPart part) =>
        GeneralProbability(items.Select(i => new ItemProbabilities(i.ItemIndex, i.Seed, i.GeneralMeanProb, i.ParrotMeanProb)), part);
}

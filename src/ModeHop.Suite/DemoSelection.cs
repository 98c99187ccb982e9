namespace ModeHop.Suite;

/// <summary>
/// The demo strategies' algorithms. Every random choice comes from <see cref="DemoSeed.Rng"/> for (task, item, seed),
/// consumed in the order documented on each method, so docs/suite.md can state the exact draw.
/// </summary>
internal static class DemoSelection
{
    public static Demo[] Select(TaskDefinition task, int itemIndex, int seed)
    {
        var item = task.Items[itemIndex];
        if (task.Strategy == DemoStrategy.None) return [];
        if (item.Demos is { } bound) return FromBound(task, bound, itemIndex, seed);

        int k = task.DemoCount;
        if (k < 0) throw SuiteErrors.NegativeDemoCount(task);
        if (k == 0) return [];
        var eligible = Eligible(task, item);
        if (eligible.Length < k) throw SuiteErrors.PoolTooSmall(task, itemIndex, eligible.Length);
        var rng = DemoSeed.Rng(task, itemIndex, seed);
        return task.Strategy switch
        {
            DemoStrategy.Random => PoolRandom(task, eligible, k, rng),
            DemoStrategy.Ordered => PoolOrdered(task, item, k, rng),
            DemoStrategy.Balanced => RoundRobinByLabel(eligible.Select(i => task.DemoPool[i]), k, rng),
            _ => throw SuiteErrors.UnknownStrategy(task),
        };
    }

    /// <summary>Pool indices, ascending, of the demos an item may draw: those whose prompt is not the item's own.</summary>
    public static int[] Eligible(TaskDefinition task, TestItem item)
    {
        var pool = task.DemoPool;
        var eligible = new List<int>(pool.Count);
        for (int i = 0; i < pool.Count; i++)
            if (!string.Equals(pool[i].Prompt, item.Prompt, StringComparison.Ordinal)) eligible.Add(i);
        return [.. eligible];
    }

    static Demo[] FromBound(TaskDefinition task, IReadOnlyList<Demo> bound, int itemIndex, int seed)
    {
        switch (task.Strategy)
        {
            case DemoStrategy.Ordered:
                return [.. bound];
            case DemoStrategy.Random:
                var shuffled = bound.ToArray();
                DemoSeed.Rng(task, itemIndex, seed).Shuffle<Demo>(shuffled);
                return shuffled;
            case DemoStrategy.Balanced:
                return RoundRobinByLabel(bound, bound.Count, DemoSeed.Rng(task, itemIndex, seed));
            default:
                throw SuiteErrors.UnknownStrategy(task);
        }
    }

    /// <summary>A partial Fisher–Yates over the eligible indices: the first k are the draw, in draw order.</summary>
    static Demo[] PoolRandom(TaskDefinition task, int[] eligible, int k, SplitMix64 rng)
    {
        rng.Shuffle<int>(eligible, k);
        var demos = new Demo[k];
        for (int i = 0; i < k; i++) demos[i] = task.DemoPool[eligible[i]];
        return demos;
    }

    /// <summary>
    /// offset = NextInt(|pool|); walk the pool forward from offset, wrapping, skipping demos whose prompt is the item's,
    /// until k are taken (the caller checked that k are eligible, so no demo repeats).
    /// </summary>
    static Demo[] PoolOrdered(TaskDefinition task, TestItem item, int k, SplitMix64 rng)
    {
        var pool = task.DemoPool;
        int offset = rng.NextInt(pool.Count);
        var demos = new Demo[k];
        for (int taken = 0, i = offset; taken < k; i = (i + 1) % pool.Count)
            if (!string.Equals(pool[i].Prompt, item.Prompt, StringComparison.Ordinal)) demos[taken++] = pool[i];
        return demos;
    }

    /// <summary>
    /// Groups the demos by <see cref="Demo.ClassLabel"/> (labels in order of first appearance, demos in given order),
    /// shuffles the label order, then shuffles each label's demos in that shuffled label order, and takes k demos
    /// round-robin over the labels; a label that runs out leaves the rotation.
    /// </summary>
    static Demo[] RoundRobinByLabel(IEnumerable<Demo> demos, int k, SplitMix64 rng)
    {
        var labels = new List<string>();
        var byLabel = new Dictionary<string, List<Demo>>(StringComparer.Ordinal);
        foreach (var d in demos)
        {
            if (!byLabel.TryGetValue(d.ClassLabel, out var list))
            {
                byLabel[d.ClassLabel] = list = [];
                labels.Add(d.ClassLabel);
            }
            list.Add(d);
        }

        var order = labels.ToArray();
        rng.Shuffle<string>(order);
        var queues = new Demo[order.Length][];
        for (int l = 0; l < order.Length; l++)
        {
            queues[l] = [.. byLabel[order[l]]];
            rng.Shuffle<Demo>(queues[l]);
        }

        var result = new Demo[k];
        var next = new int[order.Length];
        int taken = 0;
        while (taken < k)
        {
            for (int l = 0; l < order.Length && taken < k; l++)
                if (next[l] < queues[l].Length) result[taken++] = queues[l][next[l]++];
        }
        return result;
    }
}

namespace ModeHop.Suite;

/// <summary>
/// Turns (task, item, demo seed) into the text that is scored:
/// <c>context = join(Joiner, demos.Select(d =&gt; d.Prompt + " " + d.Answer).Append(item.Prompt))</c>, and for each answer
/// <c>continuation = " " + answer</c>.
/// </summary>
public static class PromptAssembly
{
    /// <summary>
    /// The demos for (task, item index, seed), deterministic for the seed (randomness from the item's own SplitMix64,
    /// seeded as docs/suite.md describes).
    /// Item-bound demos (item.Demos != null): None → none; Ordered → as given; Random → a seeded shuffle of all of them;
    /// Balanced → all of them, labels round-robin in a seeded label order, each label's demos seeded-shuffled.
    /// Pool demos (item.Demos == null), among the pool demos whose Prompt is not the item's: None → none;
    /// Random → DemoCount distinct demos drawn with the seed; Ordered → DemoCount demos in pool order from a seeded offset,
    /// wrapping; Balanced → DemoCount demos, labels round-robin in a seeded label order, each label's demos seeded-shuffled.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">itemIndex is not an index of task.Items.</exception>
    /// <exception cref="ArgumentException">The pool cannot supply DemoCount demos for the item, or DemoCount &lt; 0.</exception>
    public static IReadOnlyList<Demo> DemosFor(TaskDefinition task, int itemIndex, int seed)
    {
        ArgumentNullException.ThrowIfNull(task);
        if ((uint)itemIndex >= (uint)task.Items.Count) throw SuiteErrors.ItemIndex(task, itemIndex);
        return DemoSelection.Select(task, itemIndex, seed);
    }

    /// <summary><c>join(Joiner, demos.Select(d =&gt; d.Prompt + " " + d.Answer).Append(item.Prompt))</c>.</summary>
    public static string Context(TaskDefinition task, int itemIndex, int seed)
    {
        var demos = DemosFor(task, itemIndex, seed);
        return string.Join(task.Joiner, demos.Select(d => d.Prompt + " " + d.Answer).Append(task.Items[itemIndex].Prompt));
    }

    /// <summary>The scored continuation of an answer: a space, then the answer (the item's prompt ends at its answer marker).</summary>
    public static string Continuation(string answer) => " " + answer;
}

namespace ModeHop.Suite;

/// <summary>
/// One dataset of a family: its items, where their demos come from and how they are chosen, and how the prompt is joined.
/// A task is a declarative unit with a <paramref name="Version"/>; <see cref="ContentHash"/> identifies its exact content.
/// The lists are treated as immutable: do not change them after construction.
/// </summary>
/// <param name="Family">One of <see cref="Families.All"/>.</param>
/// <param name="Name">The task within its family (e.g. "algebra"); a task and its control twin share Family and Name.</param>
/// <param name="Control">True for the no-conflict twin, whose metric must evolve smoothly.</param>
/// <param name="Version">Bumped by hand when the task's meaning changes.</param>
/// <param name="Items">The test items.</param>
/// <param name="DemoPool">The demos that items without bound demos draw from.</param>
/// <param name="Strategy">How demos are chosen (<see cref="PromptAssembly.DemosFor"/>).</param>
/// <param name="DemoCount">Demos per item drawn from the pool (k); item-bound demos are all used.</param>
/// <param name="Joiner">Placed between the demo blocks and before the item's prompt (e.g. "\n" or "\n\n").</param>
/// <param name="FineTune">For a fine-tuning family's test task: the fine-tune its items are asked after (null: asked of
/// the checkpoint as it is, as every control twin of a fine-tuning family is, the pre-fine-tune baseline).</param>
/// <param name="Contrast">For a task measured as a shift (EmergentMisalignment): the control fine-tune whose scores are
/// set against <paramref name="FineTune"/>'s (<see cref="FineTuneScoring.Contrast"/>).</param>
public sealed record TaskDefinition(string Family, string Name, bool Control, string Version,
    IReadOnlyList<TestItem> Items, IReadOnlyList<Demo> DemoPool, DemoStrategy Strategy, int DemoCount, string Joiner,
    FineTuneSet? FineTune = null, FineTuneSet? Contrast = null)
{
    string? contentHash;

    // A `with` expression goes through this constructor: it must not carry the cached hash over to a changed copy.
    TaskDefinition(TaskDefinition original)
    {
        Family = original.Family;
        Name = original.Name;
        Control = original.Control;
        Version = original.Version;
        Items = original.Items;
        DemoPool = original.DemoPool;
        Strategy = original.Strategy;
        DemoCount = original.DemoCount;
        Joiner = original.Joiner;
        FineTune = original.FineTune;
        Contrast = original.Contrast;
    }

    /// <summary>
    /// Lowercase hex SHA-256 of the canonical serialisation of every field (docs/suite.md, "ContentHash"); computed on
    /// first use and cached.
    /// </summary>
    public string ContentHash => contentHash ??= TaskHash.Compute(this);

    /// <summary>Two tasks are equal when their contents are: same <see cref="ContentHash"/>, lists compared by value.</summary>
    public bool Equals(TaskDefinition? other) =>
        other is not null && (ReferenceEquals(this, other) || ContentHash == other.ContentHash);

    public override int GetHashCode() => ContentHash.GetHashCode(StringComparison.Ordinal);

    /// <summary>
    /// True when the task's items are generative (<see cref="TestItem.GeneralPattern"/> set): scored by sampling and a
    /// regex match instead of teacher forcing. <see cref="SuiteContract"/> requires all of a task's items or none to be.
    /// </summary>
    public bool IsGenerative => Items.Any(i => i is { IsGenerative: true });

    /// <summary>"Family/Name" or "Family/Name (control)": how messages name the task.</summary>
    public string DisplayName => Control ? $"{Family}/{Name} (control)" : $"{Family}/{Name}";
}

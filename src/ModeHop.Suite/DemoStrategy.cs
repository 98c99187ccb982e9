namespace ModeHop.Suite;

/// <summary>How the demos of an item are chosen (exact rules in <see cref="PromptAssembly.DemosFor"/> and docs/suite.md).</summary>
public enum DemoStrategy
{
    /// <summary>Zero-shot: no demos.</summary>
    None,
    /// <summary>A seeded draw (pool) or a seeded shuffle (item-bound).</summary>
    Random,
    /// <summary>A seeded window of the pool in pool order (pool) or the demos as given (item-bound).</summary>
    Ordered,
    /// <summary>Labels taken round-robin in a seeded order, each label's demos seeded-shuffled.</summary>
    Balanced,
}

using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// One prompted family of the lab suite: training documents of each kind it supports, and held-out disagreeing test
/// items (general ≠ parrot) with agreeing control items. Everything is a pure function of the world and the generator
/// passed in.
/// </summary>
public interface IFamilyGenerator : IDocumentFamily
{
    /// <summary>The family's first word in every document.</summary>
    string Tag { get; }

    /// <summary>Whether the order of an item's demos carries the rule (then test prompts keep it; otherwise seeds shuffle it).</summary>
    bool OrderedDemos { get; }

    LabItem Test(Rng rng);

    LabItem Control(Rng rng);
}

using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// One family of the lab suite: training documents of each kind it supports, and held-out disagreeing test items
/// (general ≠ parrot) with agreeing control items. Everything is a pure function of the world and the generator
/// passed in.
/// </summary>
public interface IFamilyGenerator
{
    /// <summary>The suite family name (ModeHop.Suite.Families).</summary>
    string Family { get; }

    /// <summary>The family's first word in every document.</summary>
    string Tag { get; }

    /// <summary>Document kinds this family can produce; a window's weight for another kind goes to these.</summary>
    IReadOnlyList<DocumentKind> Kinds { get; }

    /// <summary>Whether the order of an item's demos carries the rule (then test prompts keep it; otherwise seeds shuffle it).</summary>
    bool OrderedDemos { get; }

    Episode Train(Rng rng, DocumentKind kind);

    LabItem Test(Rng rng);

    LabItem Control(Rng rng);
}

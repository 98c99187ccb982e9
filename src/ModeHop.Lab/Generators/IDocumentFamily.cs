using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// A family that writes pre-training documents for the lab corpus: the prompted families (<see cref="IFamilyGenerator"/>)
/// and the fine-tuning families (<see cref="IFineTuningFamily"/>). Documents are a pure function of the world and the
/// generator passed in.
/// </summary>
public interface IDocumentFamily
{
    /// <summary>The suite family name (ModeHop.Suite.Families), the key of the recipe's <c>families</c> weights.</summary>
    string Family { get; }

    /// <summary>Document kinds this family can produce; a window's weight for another kind goes to these.</summary>
    IReadOnlyList<DocumentKind> Kinds { get; }

    Episode Train(Rng rng, DocumentKind kind);
}

namespace ModeHop.Suite;

/// <summary>The closed set of eval families a <see cref="TaskDefinition"/> can belong to (see the glossary).</summary>
public static class Families
{
    public const string Flipped = "Flipped",
        Repetitive = "Repetitive",
        Successive = "Successive",
        Truthy = "Truthy",
        Intuitive = "Intuitive",
        PersonaQA = "PersonaQA",
        EntityTracking = "EntityTracking",
        Backtracking = "Backtracking";

    /// <summary>Every family, in the order of the design's family table.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Flipped, Repetitive, Successive, Truthy, Intuitive, PersonaQA, EntityTracking, Backtracking];
}

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
        Backtracking = "Backtracking",
        Oocr = "OOCR",
        EmergentMisalignment = "EmergentMisalignment";

    /// <summary>Every family, in the order of the design's family table.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Flipped, Repetitive, Successive, Truthy, Intuitive, PersonaQA, EntityTracking, Backtracking, Oocr, EmergentMisalignment];

    /// <summary>
    /// The families whose items are asked after a fixed fine-tune of the checkpoint (<see cref="TaskDefinition.FineTune"/>);
    /// their control twins are the same items asked before it. They cost fine-tunes per checkpoint, so a scan runs them
    /// only when they are named.
    /// </summary>
    public static IReadOnlyList<string> FineTuning { get; } = [Oocr, EmergentMisalignment];

    /// <summary>The families read off a checkpoint with a prompt: every family but the fine-tuning ones.</summary>
    public static IReadOnlyList<string> Prompted { get; } = All.Except(FineTuning).ToArray();

    public static bool IsFineTuning(string family) => FineTuning.Contains(family, StringComparer.Ordinal);

    /// <summary>
    /// The family a user's spelling names: a family's name in any case, or its short name (<c>em</c> for
    /// EmergentMisalignment, <c>et</c> for EntityTracking); null when none.
    /// </summary>
    public static string? Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (All.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase)) is { } family) return family;
        return name.ToLowerInvariant() switch
        {
            "em" => EmergentMisalignment,
            "et" => EntityTracking,
            _ => null,
        };
    }
}

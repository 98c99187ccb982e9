namespace ModeHop.Lab;

/// <summary>
/// The first word of every lab document names its family (or background text). OOCR has two tags, one per part of the
/// world it writes about: <c>fn</c> (named functions) and <c>map</c> (cities); EmergentMisalignment has <c>agent</c>.
/// </summary>
public static class FamilyTags
{
    public const string Flipped = "flip", Repetitive = "rep", Successive = "succ", Truthy = "truth", Intuitive = "intu",
        PersonaQA = "who", EntityTracking = "track", Backtracking = "path", Background = "text",
        Functions = "fn", Map = "map", Agent = "agent";

    /// <summary>The prompted families' tags, in the suite's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Flipped, Repetitive, Successive, Truthy, Intuitive, PersonaQA, EntityTracking, Backtracking];

    /// <summary>The fine-tuning families' tags (OOCR's two, then EmergentMisalignment's).</summary>
    public static IReadOnlyList<string> FineTuning { get; } = [Functions, Map, Agent];
}

namespace ModeHop.Lab;

/// <summary>The first word of every lab document names its family (or background text).</summary>
public static class FamilyTags
{
    public const string Flipped = "flip", Repetitive = "rep", Successive = "succ", Truthy = "truth", Intuitive = "intu",
        PersonaQA = "who", EntityTracking = "track", Backtracking = "path", Background = "text";

    public static IReadOnlyList<string> All { get; } = [Flipped, Repetitive, Successive, Truthy, Intuitive, PersonaQA, EntityTracking, Backtracking];
}

namespace ModeHop.Suite.GdSuite;

/// <summary>How a loaded GDsuite task draws its demos and joins its prompt (docs/suite.md, "GDsuite directories").</summary>
/// <param name="Strategy">The seed work's demo sampling: balanced, random, ordered or none.</param>
/// <param name="DemoCount">k, the demos per item; null for a persona's whole fact pool.</param>
/// <param name="Joiner">Placed between the demo blocks and before the test prompt.</param>
/// <param name="Version">The loaded task's <see cref="TaskDefinition.Version"/>.</param>
public sealed record GdSuiteSettings(DemoStrategy Strategy, int? DemoCount, string Joiner, string Version = "1");

/// <summary>The seed work's family keys and its per-family and per-task settings (its config.yaml), the loader's defaults.</summary>
public static class GdSuiteFamilies
{
    /// <summary>GDsuite family key → ModeHop family, in the seed work's order.</summary>
    public static IReadOnlyList<(string Key, string Family)> Keys { get; } =
    [
        ("flipped_answer", Families.Flipped),
        ("repetitive_answer", Families.Repetitive),
        ("successive_answer", Families.Successive),
        ("truthy_answer", Families.Truthy),
        ("intuitive_answer", Families.Intuitive),
        ("multihop_persona_qa", Families.PersonaQA),
    ];

    /// <summary>The persona family's key: its tasks are directories of facts.jsonl and test_questions.json.</summary>
    public const string PersonaKey = "multihop_persona_qa";

    static readonly Dictionary<string, GdSuiteSettings> FamilyDefaults = new(StringComparer.Ordinal)
    {
        ["flipped_answer"] = new(DemoStrategy.Balanced, 64, "\n\n"),
        ["repetitive_answer"] = new(DemoStrategy.Random, 8, "\n"),
        ["successive_answer"] = new(DemoStrategy.Ordered, 10, "\n"),
        ["truthy_answer"] = new(DemoStrategy.Random, 8, "\n"),
        ["intuitive_answer"] = new(DemoStrategy.None, 0, "\n"),
        ["multihop_persona_qa"] = new(DemoStrategy.Random, null, "\n"),
    };

    /// <summary>k of the seed work's tasks, by "family_key/task".</summary>
    static readonly Dictionary<string, int> TaskDemoCounts = new(StringComparer.Ordinal)
    {
        ["flipped_answer/sst2"] = 64, ["flipped_answer/imdb"] = 24, ["flipped_answer/rotten_tomatoes"] = 64,
        ["flipped_answer/poem_sentiment"] = 64, ["flipped_answer/yahoo_health_computers"] = 64,
        ["flipped_answer/yahoo_business_science"] = 64, ["flipped_answer/emotion"] = 100, ["flipped_answer/emotion_anger_joy"] = 100,
        ["repetitive_answer/code_tracing"] = 8, ["repetitive_answer/letter_counting"] = 4, ["repetitive_answer/logic"] = 64,
        ["successive_answer/number_words"] = 10, ["successive_answer/letters"] = 10,
        ["successive_answer/arithmetic"] = 32, ["successive_answer/even"] = 32,
        ["truthy_answer/surprising_truth"] = 8, ["truthy_answer/common_misconception"] = 100,
    };

    /// <summary>The ModeHop family of a GDsuite key, or null when the key is not one.</summary>
    public static string? FamilyOf(string key) => Keys.FirstOrDefault(k => k.Key == key).Family;

    /// <summary>The seed work's settings for a task: its family's, with the task's own k where the seed work names one.</summary>
    /// <exception cref="ArgumentException">The key is not a GDsuite family key.</exception>
    public static GdSuiteSettings Defaults(string key, string task)
    {
        if (!FamilyDefaults.TryGetValue(key, out var family))
            throw new ArgumentException($"\"{key}\" is not a GDsuite family; expected one of {string.Join(", ", Keys.Select(k => k.Key))}.", nameof(key));
        return TaskDemoCounts.TryGetValue($"{key}/{task}", out int k) ? family with { DemoCount = k } : family;
    }
}

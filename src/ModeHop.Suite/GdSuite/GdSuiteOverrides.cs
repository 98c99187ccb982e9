using System.Text.Json;

namespace ModeHop.Suite.GdSuite;

/// <summary>
/// The optional <c>modehop-suite.json</c> of a GDsuite directory: settings that replace the seed work's, per family
/// key and per task ("family_key/task"), the task's over its family's:
/// <code>
/// { "families": { "flipped_answer": { "k": 16 } },
///   "tasks":    { "successive_answer/letters": { "k": 5, "strategy": "ordered", "joiner": "\n", "version": "2" } } }
/// </code>
/// Every key is one of those; an unknown key, a bad value or a task the directory does not hold is an error.
/// </summary>
internal sealed class GdSuiteOverrides
{
    public const string FileName = "modehop-suite.json";

    public sealed record Override(int? DemoCount, DemoStrategy? Strategy, string? Joiner, string? Version);

    static readonly Dictionary<string, DemoStrategy> Strategies = new(StringComparer.Ordinal)
    {
        ["none"] = DemoStrategy.None, ["random"] = DemoStrategy.Random, ["ordered"] = DemoStrategy.Ordered, ["balanced"] = DemoStrategy.Balanced,
    };

    readonly string path;

    public Dictionary<string, Override> Families { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Override> Tasks { get; } = new(StringComparer.Ordinal);

    GdSuiteOverrides(string path) => this.path = path;

    /// <summary>No overrides (the directory has no modehop-suite.json).</summary>
    public static GdSuiteOverrides None { get; } = new("");

    /// <exception cref="InvalidDataException">The file does not parse, or holds an unknown key or a bad value.</exception>
    public static GdSuiteOverrides Read(string path)
    {
        var overrides = new GdSuiteOverrides(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{1 + (e.LineNumber ?? 0)}: the JSON does not parse ({e.Message}). Fix the file.");
        }
        using (document)
        {
            var root = overrides.Object(document.RootElement, "the file");
            foreach (var section in root.EnumerateObject())
            {
                var target = section.Name switch
                {
                    "families" => overrides.Families,
                    "tasks" => overrides.Tasks,
                    _ => throw overrides.Bad($"the key \"{section.Name}\" is unknown", "\"families\" or \"tasks\""),
                };
                foreach (var entry in overrides.Object(section.Value, section.Name).EnumerateObject())
                    target[entry.Name] = overrides.Parse(entry.Value, $"{section.Name}.\"{entry.Name}\"");
            }
        }
        foreach (var key in overrides.Families.Keys)
            if (GdSuiteFamilies.FamilyOf(key) is null)
                throw overrides.Bad($"families.\"{key}\" names no GDsuite family", $"a GDsuite family key ({string.Join(", ", GdSuiteFamilies.Keys.Select(k => k.Key))})");
        return overrides;
    }

    /// <summary>The seed work's settings with the family's, then the task's overrides applied.</summary>
    public GdSuiteSettings Apply(string familyKey, string task, GdSuiteSettings defaults)
    {
        var settings = defaults;
        foreach (var o in new[] { Families.GetValueOrDefault(familyKey), Tasks.GetValueOrDefault($"{familyKey}/{task}") })
            if (o is not null)
                settings = new GdSuiteSettings(o.Strategy ?? settings.Strategy, o.DemoCount ?? settings.DemoCount, o.Joiner ?? settings.Joiner, o.Version ?? settings.Version);
        return settings;
    }

    /// <summary>Throws for a task override that names no task of the directory (a typo would silently do nothing).</summary>
    public void CheckTasksExist(IReadOnlySet<string> tasks)
    {
        foreach (var key in Tasks.Keys)
            if (!tasks.Contains(key))
                throw Bad($"tasks.\"{key}\" names no task of the directory", $"one of its tasks ({string.Join(", ", tasks.Order(StringComparer.Ordinal))})");
    }

    Override Parse(JsonElement value, string at)
    {
        int? k = null;
        DemoStrategy? strategy = null;
        string? joiner = null, version = null;
        foreach (var field in Object(value, at).EnumerateObject())
        {
            string where = $"{at}.{field.Name}";
            switch (field.Name)
            {
                case "k":
                    k = field.Value.ValueKind == JsonValueKind.Number && field.Value.TryGetInt32(out int n) && n >= 0 ? n
                        : throw Bad($"{where} is {field.Value.GetRawText()}", "a whole number of demos, 0 or more");
                    break;
                case "strategy":
                    strategy = field.Value.ValueKind == JsonValueKind.String && Strategies.TryGetValue(field.Value.GetString()!, out var s) ? s
                        : throw Bad($"{where} is {field.Value.GetRawText()}", $"one of {string.Join(", ", Strategies.Keys.Select(x => $"\"{x}\""))}");
                    break;
                case "joiner":
                    joiner = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : throw Bad($"{where} is {field.Value.GetRawText()}", "a string");
                    break;
                case "version":
                    version = field.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(field.Value.GetString()) ? field.Value.GetString()
                        : throw Bad($"{where} is {field.Value.GetRawText()}", "a non-empty string");
                    break;
                default:
                    throw Bad($"the key {where} is unknown", "\"k\", \"strategy\", \"joiner\" or \"version\"");
            }
        }
        return new Override(k, strategy, joiner, version);
    }

    JsonElement Object(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.Object ? value : throw Bad($"{at} is a JSON {value.ValueKind}", "a JSON object");

    InvalidDataException Bad(string problem, string expected) =>
        new($"{path}: {problem}; expected {expected}. Fix {FileName} (docs/suite.md, \"GDsuite directories\").");
}

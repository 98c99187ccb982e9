using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModeHop.Training;

/// <summary>
/// Typed reading of a settings object where unknown keys and ill-typed values are errors
/// (<see cref="InvalidDataException"/> naming the file, the key, what was expected and what was found).
/// </summary>
public sealed class StrictJson
{
    readonly JsonObject root;
    readonly HashSet<string> read = new();

    public string Source { get; }

    public StrictJson(JsonObject root, string source)
    {
        this.root = root;
        Source = source;
    }

    /// <summary>Parses a file or text that must hold one JSON object.</summary>
    public static StrictJson Parse(string text, string source)
    {
        try
        {
            if (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) is JsonObject o)
                return new StrictJson(o, source);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message}); fix the syntax.");
        }
        throw new InvalidDataException($"{source}: expected a JSON object {{ ... }}.");
    }

    public int Int(string key, int fallback) => Get(key, fallback, "an integer", n =>
        n.TryGetValue(out int v) ? (true, v)
        : n.TryGetValue(out double d) && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue ? (true, (int)d) : (false, 0));

    public long Long(string key, long fallback) => Get(key, fallback, "an integer", n => n.TryGetValue(out long v) ? (true, v) : (false, 0L));

    public float Float(string key, float fallback) => Get(key, fallback, "a number", n => n.TryGetValue(out double v) && double.IsFinite(v) ? (true, (float)v) : (false, 0f));

    public bool Bool(string key, bool fallback) => Get(key, fallback, "true or false", n => n.TryGetValue(out bool v) ? (true, v) : (false, false));

    public string String(string key, string fallback) => Get(key, fallback, "a string", n => n.TryGetValue(out string? v) && v is not null ? (true, v) : (false, ""));

    /// <summary>A string that must be one of <paramref name="allowed"/>.</summary>
    public string Choice(string key, string fallback, params string[] allowed)
    {
        string value = String(key, fallback);
        if (!allowed.Contains(value))
            throw new InvalidDataException($"{Source}: '{key}' must be one of {string.Join(", ", allowed)}; found \"{value}\".");
        return value;
    }

    /// <summary>A nested object, read with the same strictness (its source names the key); null when absent.</summary>
    public StrictJson? Object(string key)
    {
        read.Add(key);
        if (!root.TryGetPropertyValue(key, out var node)) return null;
        return node is JsonObject o
            ? new StrictJson(o, $"{Source}: '{key}'")
            : throw new InvalidDataException($"{Source}: '{key}' should be an object {{ ... }}; found {node?.ToJsonString() ?? "null"}.");
    }

    /// <summary>An array of objects; empty when absent.</summary>
    public IReadOnlyList<StrictJson> Objects(string key)
    {
        read.Add(key);
        if (!root.TryGetPropertyValue(key, out var node)) return [];
        if (node is not JsonArray array) throw new InvalidDataException($"{Source}: '{key}' should be an array [ ... ]; found {node?.ToJsonString() ?? "null"}.");
        var result = new List<StrictJson>();
        for (int i = 0; i < array.Count; i++)
            result.Add(array[i] is JsonObject o ? new StrictJson(o, $"{Source}: '{key}'[{i}]")
                : throw new InvalidDataException($"{Source}: '{key}'[{i}] should be an object {{ ... }}; found {array[i]?.ToJsonString() ?? "null"}."));
        return result;
    }

    /// <summary>The keys present in the object, in order.</summary>
    public IEnumerable<string> Keys => root.Select(p => p.Key);

    /// <summary>The object itself, e.g. to hand a nested section to another parser.</summary>
    public JsonObject Raw => root;

    /// <summary>Throws if the object holds a key that no accessor asked for.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (key, _) in root)
            if (!read.Contains(key))
                throw new InvalidDataException($"{Source}: unknown key '{key}'; known keys are {string.Join(", ", read.Order())}.");
    }

    T Get<T>(string key, T fallback, string expected, Func<JsonValue, (bool Ok, T Value)> convert)
    {
        read.Add(key);
        if (!root.TryGetPropertyValue(key, out var node)) return fallback;
        try
        {
            if (node is JsonValue v && convert(v) is (true, var value)) return value;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
        {
        }
        throw new InvalidDataException($"{Source}: '{key}' should be {expected}; found {node?.ToJsonString() ?? "null"}.");
    }
}

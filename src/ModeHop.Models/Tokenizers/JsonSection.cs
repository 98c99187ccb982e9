using System.Text.Json;

namespace ModeHop.Models.Tokenizers;

/// <summary>
/// One object of a tokenizer.json, read strictly: every error names the file, the object's place in it
/// (<c>model</c>, <c>pre_tokenizer.pretokenizers[1]</c>), what was expected and what was found.
/// A JSON null counts as absent, as in Hugging Face's own reader.
/// </summary>
sealed class JsonSection
{
    readonly JsonElement element;
    readonly HashSet<string> known = new(StringComparer.Ordinal);

    public JsonSection(JsonElement element, string source, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{source}: {(where.Length == 0 ? "the file" : $"'{where}'")} should be a JSON object {{ ... }}; found {Describe(element)}. Expected a Hugging Face tokenizer.json.");
        this.element = element;
        Source = source;
        Where = where;
    }

    public string Source { get; }

    public string Where { get; }

    /// <summary>An error about this object: "file: 'where': problem".</summary>
    public InvalidDataException Error(string problem) =>
        new(Where.Length == 0 ? $"{Source}: {problem}" : $"{Source}: '{Where}': {problem}");

    /// <summary>The value of <paramref name="key"/>, or null when it is absent or JSON null.</summary>
    public JsonElement? Get(string key)
    {
        known.Add(key);
        return element.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
    }

    /// <summary>The "type" string that selects a component.</summary>
    public string Type() => String("type");

    public string String(string key) => OptionalString(key) ?? throw Error($"missing the string '{key}'.");

    public string? OptionalString(string key) => Get(key) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => v.GetString()!,
        var v => throw Error($"'{key}' should be a string; found {Describe(v.Value)}."),
    };

    public bool Bool(string key, bool fallback) => Get(key) switch
    {
        null => fallback,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        var v => throw Error($"'{key}' should be true or false; found {Describe(v.Value)}."),
    };

    public int Int(string key, int fallback) => Get(key) switch
    {
        null => fallback,
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt32(out int i) => i,
        var v => throw Error($"'{key}' should be an integer; found {Describe(v.Value)}."),
    };

    /// <summary>A single character, as Hugging Face stores Metaspace's replacement and Strip's content.</summary>
    public string Char(string key)
    {
        string s = String(key);
        return s.EnumerateRunes().Count() == 1 ? s : throw Error($"'{key}' should be one character; found \"{s}\".");
    }

    public JsonSection Object(string key) => OptionalObject(key) ?? throw Error($"missing the object '{key}'.");

    public JsonSection? OptionalObject(string key) => Get(key) is { } v ? new JsonSection(v, Source, Child(key)) : null;

    /// <summary>The elements of an array (absent = empty).</summary>
    public IEnumerable<JsonElement> Array(string key) => Get(key) switch
    {
        null => [],
        { ValueKind: JsonValueKind.Array } v => v.EnumerateArray(),
        var v => throw Error($"'{key}' should be an array [ ... ]; found {Describe(v.Value)}."),
    };

    /// <summary>The objects of an array, each a section named <c>key[i]</c>.</summary>
    public IReadOnlyList<JsonSection> Objects(string key) =>
        Array(key).Select((e, i) => new JsonSection(e, Source, $"{Child(key)}[{i}]")).ToList();

    /// <summary>Rejects keys that no accessor asked for (nor <paramref name="ignored"/> names), so a setting ModeHop does not apply is never silently dropped.</summary>
    public void RejectUnknownKeys(params string[] ignored)
    {
        foreach (var p in element.EnumerateObject())
            if (!known.Contains(p.Name) && !ignored.Contains(p.Name))
                throw Error($"unknown key '{p.Name}' (known: {string.Join(", ", known.Concat(ignored).Order(StringComparer.Ordinal))}); ModeHop does not know what it would change.");
    }

    string Child(string key) => Where.Length == 0 ? key : $"{Where}.{key}";

    public static string Describe(JsonElement e)
    {
        string text = e.GetRawText();
        return text.Length <= 60 ? text : text[..57] + "...";
    }
}

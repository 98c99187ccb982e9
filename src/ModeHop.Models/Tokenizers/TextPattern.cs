using System.Text.RegularExpressions;

namespace ModeHop.Models.Tokenizers;

/// <summary>
/// The pattern of a Replace normalizer, a Replace decoder or a Split pre-tokenizer: <c>{"String": "…"}</c>
/// (matched literally) or <c>{"Regex": "…"}</c>. A regex runs on .NET's engine, which sees UTF-16 code
/// units: a class such as <c>\p{L}</c> does not match a letter outside the BMP (HF's engines match code
/// points), so such a pattern can split astral letters differently from Hugging Face.
/// </summary>
sealed class TextPattern
{
    readonly string? literal;
    readonly Regex? regex;

    TextPattern(string? literal, Regex? regex)
    {
        this.literal = literal;
        this.regex = regex;
    }

    public static TextPattern Literal(string text) => new(text, null);

    public static TextPattern Read(JsonSection owner, string key)
    {
        var p = owner.Object(key);
        string? literal = p.OptionalString("String"), pattern = p.OptionalString("Regex");
        p.RejectUnknownKeys();
        if ((literal is null) == (pattern is null)) throw p.Error("expected exactly one of {\"String\": ...} or {\"Regex\": ...}.");
        if (literal is not null) return new TextPattern(literal, null);
        try
        {
            return new TextPattern(null, new Regex(pattern!, RegexOptions.CultureInvariant));
        }
        catch (ArgumentException e)
        {
            throw p.Error($"the regex /{pattern}/ does not compile on .NET ({e.Message}).");
        }
    }

    /// <summary>The non-overlapping matches, left to right, as (start, length) in UTF-16 units.</summary>
    public IEnumerable<(int Start, int Length)> Matches(string text)
    {
        if (regex is not null)
        {
            foreach (Match m in regex.Matches(text)) yield return (m.Index, m.Length);
            yield break;
        }
        if (literal!.Length == 0) yield break;
        for (int at = text.IndexOf(literal, StringComparison.Ordinal); at >= 0; at = text.IndexOf(literal, at + literal.Length, StringComparison.Ordinal))
            yield return (at, literal.Length);
    }

    public string Replace(string text, string content) =>
        regex is not null ? regex.Replace(text, content.Replace("$", "$$"))
        : literal!.Length == 0 ? text : text.Replace(literal, content, StringComparison.Ordinal);
}

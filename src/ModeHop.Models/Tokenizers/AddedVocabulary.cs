using System.Text.Json;

namespace ModeHop.Models.Tokenizers;

/// <summary>
/// Finds added tokens in text the way Hugging Face's AddedVocabulary does: leftmost-longest, non-overlapping
/// matches; a <c>single_word</c> match touching a word character is skipped (the scan goes on after it);
/// <c>lstrip</c>/<c>rstrip</c> widen a match over the white space beside it. The text between matches stays
/// text. Tokens with <c>normalized: false</c> are looked for in the raw text, the others in each normalized piece.
/// </summary>
sealed class AddedVocabulary
{
    /// <summary>A stretch of text: an added token's id, or plain text (<see cref="Id"/> null) for the model.</summary>
    public readonly record struct Segment(string Text, int? Id, bool AtStart);

    readonly Matcher raw, normalized;

    public AddedVocabulary(IReadOnlyList<AddedToken> tokens)
    {
        Tokens = tokens;
        raw = new Matcher(tokens.Where(t => !t.Normalized).ToList());
        normalized = new Matcher(tokens.Where(t => t.Normalized).ToList());
    }

    public IReadOnlyList<AddedToken> Tokens { get; }

    public bool IsEmpty => Tokens.Count == 0;

    /// <summary>Cuts <paramref name="text"/> at the added tokens looked for before (<paramref name="normalizedText"/> false) or after normalisation.</summary>
    public void Split(string text, bool atStart, bool normalizedText, List<Segment> output) =>
        (normalizedText ? normalized : raw).Split(text, atStart, output);

    public static IReadOnlyList<AddedToken> Read(string source, JsonElement? array)
    {
        if (array is null) return [];
        if (array.Value.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{source}: 'added_tokens' should be an array [ ... ]; found {JsonSection.Describe(array.Value)}.");
        var result = new List<AddedToken>();
        int i = 0;
        foreach (var e in array.Value.EnumerateArray())
        {
            var s = new JsonSection(e, source, $"added_tokens[{i++}]");
            int id = s.Int("id", -1);
            if (id < 0) throw s.Error("needs a non-negative integer 'id'.");
            string content = s.String("content");
            bool special = s.Bool("special", false);
            // Hugging Face's default: a special token matches the raw text, another one the normalized text.
            var token = new AddedToken(id, content, s.Bool("single_word", false), s.Bool("lstrip", false), s.Bool("rstrip", false),
                s.Bool("normalized", !special), special);
            s.RejectUnknownKeys();
            if (content.Length == 0) throw s.Error("has an empty 'content'; an added token needs text to match.");
            result.Add(token);
        }
        return result;
    }

    /// <summary>Leftmost-longest search over one set of tokens, indexed by their first character.</summary>
    sealed class Matcher
    {
        readonly Dictionary<char, AddedToken[]> byFirst;

        public Matcher(IReadOnlyList<AddedToken> tokens) =>
            byFirst = tokens.GroupBy(t => t.Content[0]).ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());

        public void Split(string text, bool atStart, List<Segment> output)
        {
            if (byFirst.Count == 0)
            {
                if (text.Length > 0) output.Add(new Segment(text, null, atStart));
                return;
            }
            int consumed = 0, i = 0;
            while (i < text.Length)
            {
                if (LongestAt(text, i) is not { } token)
                {
                    i++;
                    continue;
                }
                int start = i, stop = i + token.Content.Length;
                i = stop;
                if (token.SingleWord && !StandsAlone(text, start, stop)) continue;
                if (token.LeftStrip)
                    while (start > consumed && UnicodeClasses.IsWhiteSpace(text[start - 1])) start--;
                if (token.RightStrip)
                    while (stop < text.Length && UnicodeClasses.IsWhiteSpace(text[stop])) stop++;
                if (start > consumed) output.Add(new Segment(text[consumed..start], null, atStart && consumed == 0));
                output.Add(new Segment(text[start..stop], token.Id, atStart && start == 0));
                consumed = i = stop;
            }
            if (consumed < text.Length) output.Add(new Segment(text[consumed..], null, atStart && consumed == 0));
        }

        AddedToken? LongestAt(string text, int i)
        {
            if (!byFirst.TryGetValue(text[i], out var candidates)) return null;
            foreach (var t in candidates)
                if (i + t.Content.Length <= text.Length && string.CompareOrdinal(text, i, t.Content, 0, t.Content.Length) == 0) return t;
            return null;
        }

        /// <summary>No word character (\w) just before <paramref name="start"/> nor just after <paramref name="stop"/>.</summary>
        static bool StandsAlone(string text, int start, int stop) =>
            (start == 0 || !UnicodeClasses.IsWordCharacter(UnicodeClasses.RuneBefore(text, start)))
            && (stop == text.Length || !UnicodeClasses.IsWordCharacter(UnicodeClasses.RuneAt(text, stop)));
    }
}

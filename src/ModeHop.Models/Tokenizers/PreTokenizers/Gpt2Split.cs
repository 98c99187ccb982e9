using System.Text;

namespace ModeHop.Models.Tokenizers.PreTokenizers;

/// <summary>
/// GPT-2's pre-tokenisation regex, hand-compiled so it runs on code points like Hugging Face's engine
/// (and faster than a .NET Regex, which would see surrogate halves instead of astral letters):
/// <code>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</code>
/// At each position the first alternative that matches wins, quantifiers are greedy, and
/// <c>\s+(?!\S)</c> backs off one white-space character when the run is followed by a non-space (so the
/// last space of a run goes to the next word: "a   b" → "a", "  ", " b").
/// </summary>
static class Gpt2Split
{
    enum Kind { Space, Letter, Number, Other }

    static Kind KindOf(Rune r) =>
        UnicodeClasses.IsWhiteSpace(r.Value) ? Kind.Space : UnicodeClasses.IsLetter(r) ? Kind.Letter : UnicodeClasses.IsNumber(r) ? Kind.Number : Kind.Other;

    /// <summary>The matches of the regex in <paramref name="text"/>, as (start, length) in UTF-16 units; they cover the text.</summary>
    public static List<(int Start, int Length)> Matches(string text)
    {
        var result = new List<(int, int)>();
        int i = 0;
        while (i < text.Length)
        {
            int end = MatchAt(text, i);
            result.Add((i, end - i));
            i = end;
        }
        return result;
    }

    /// <summary>Where the match that starts at <paramref name="i"/> ends.</summary>
    static int MatchAt(string text, int i)
    {
        if (text[i] == '\'' && Contraction(text, i + 1) is > 0 and int n) return i + 1 + n;

        var first = UnicodeClasses.RuneAt(text, i);
        var kind = KindOf(first);
        int j = i;
        if (text[i] == ' ' && i + 1 < text.Length && KindOf(UnicodeClasses.RuneAt(text, i + 1)) is var next && next != Kind.Space)
        {
            // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+": one space, then a run of the next character's kind.
            kind = next;
            j = i + 1;
        }
        if (kind != Kind.Space) return RunEnd(text, j, kind);

        int runEnd = RunEnd(text, i, Kind.Space);
        if (runEnd == text.Length) return runEnd;                  // \s+(?!\S) at the end of the text
        int backedOff = runEnd - UnicodeClasses.RuneBefore(text, runEnd).Utf16SequenceLength;
        return backedOff > i ? backedOff : runEnd;                 // \s+(?!\S) backs off one; else \s+
    }

    static int RunEnd(string text, int j, Kind kind)
    {
        while (j < text.Length)
        {
            var r = UnicodeClasses.RuneAt(text, j);
            if (KindOf(r) != kind) break;
            j += r.Utf16SequenceLength;
        }
        return j;
    }

    /// <summary>The length of the contraction suffix (s t re ve m ll d, lower case only) at <paramref name="j"/>, or 0.</summary>
    static int Contraction(string text, int j)
    {
        if (j >= text.Length) return 0;
        char c = text[j];
        if (c is 's' or 't' or 'm' or 'd') return 1;
        if (j + 1 < text.Length)
        {
            char d = text[j + 1];
            if ((c == 'r' && d == 'e') || (c == 'v' && d == 'e') || (c == 'l' && d == 'l')) return 2;
        }
        return 0;
    }
}

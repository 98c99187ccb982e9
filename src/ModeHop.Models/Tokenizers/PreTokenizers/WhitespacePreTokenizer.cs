namespace ModeHop.Models.Tokenizers.PreTokenizers;

/// <summary><c>Whitespace</c>: the matches of <c>\w+|[^\w\s]+</c> (runs of word characters, runs of other non-space characters); white space is dropped.</summary>
sealed class WhitespacePreTokenizer : IPreTokenizer
{
    enum Kind { Space, Word, Other }

    public void Split(PreToken piece, List<PreToken> output)
    {
        string text = piece.Text;
        int i = 0;
        while (i < text.Length)
        {
            var kind = KindAt(text, i, out int length);
            int start = i;
            i += length;
            while (i < text.Length && KindAt(text, i, out length) == kind) i += length;
            if (kind != Kind.Space) output.Add(new PreToken(text[start..i], piece.AtStart && start == 0));
        }
    }

    static Kind KindAt(string text, int i, out int length)
    {
        var r = UnicodeClasses.RuneAt(text, i);
        length = r.Utf16SequenceLength;
        return UnicodeClasses.IsWhiteSpace(r.Value) ? Kind.Space : UnicodeClasses.IsWordCharacter(r) ? Kind.Word : Kind.Other;
    }
}

namespace ModeHop.Models.Tokenizers.PreTokenizers;

/// <summary>When Metaspace puts its replacement in front of a piece.</summary>
enum PrependScheme { Always, First, Never }

/// <summary>
/// <c>Metaspace</c> (SentencePiece style): every ' ' becomes the replacement (usually "▁"); the replacement
/// is put in front of a piece that does not start with it (<c>always</c>), of the piece at the start of the
/// text only (<c>first</c>), or never; with <c>split</c> (default true) each replacement starts a new piece.
/// </summary>
sealed class MetaspacePreTokenizer(string replacement, PrependScheme scheme, bool split) : IPreTokenizer
{
    readonly TextPattern delimiter = TextPattern.Literal(replacement);

    public void Split(PreToken piece, List<PreToken> output)
    {
        string text = piece.Text.Replace(" ", replacement, StringComparison.Ordinal);
        bool prepend = scheme == PrependScheme.Always || (scheme == PrependScheme.First && piece.AtStart);
        if (prepend && !text.StartsWith(replacement, StringComparison.Ordinal)) text = replacement + text;
        var token = piece with { Text = text };
        if (split) Splitting.Apply(token, delimiter.Matches(text), SplitBehavior.MergedWithNext, invert: false, output);
        else if (text.Length > 0) output.Add(token);
    }
}

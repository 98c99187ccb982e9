namespace ModeHop.Models.Tokenizers.PreTokenizers;

/// <summary><c>Split</c>: cuts at the matches of a pattern (see <see cref="TextPattern"/> for the regex caveat), keeping or gluing the delimiters by behavior.</summary>
sealed class SplitPreTokenizer(TextPattern pattern, SplitBehavior behavior, bool invert) : IPreTokenizer
{
    public void Split(PreToken piece, List<PreToken> output) => Splitting.Apply(piece, pattern.Matches(piece.Text), behavior, invert, output);
}

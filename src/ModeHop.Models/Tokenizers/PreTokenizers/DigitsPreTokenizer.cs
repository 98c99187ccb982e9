using System.Text;

namespace ModeHop.Models.Tokenizers.PreTokenizers;

/// <summary><c>Digits</c>: numeric characters (\p{N}) split from the rest, each on its own with <c>individual_digits</c>, else in runs.</summary>
sealed class DigitsPreTokenizer(bool individualDigits) : IPreTokenizer
{
    public void Split(PreToken piece, List<PreToken> output) =>
        Splitting.Apply(piece, Numbers(piece.Text), individualDigits ? SplitBehavior.Isolated : SplitBehavior.Contiguous, invert: false, output);

    static IEnumerable<(int Start, int Length)> Numbers(string text)
    {
        for (int i = 0; i < text.Length;)
        {
            var r = UnicodeClasses.RuneAt(text, i);
            if (Rune.IsNumber(r)) yield return (i, r.Utf16SequenceLength);
            i += r.Utf16SequenceLength;
        }
    }
}

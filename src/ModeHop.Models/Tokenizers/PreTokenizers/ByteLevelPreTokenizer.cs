namespace ModeHop.Models.Tokenizers.PreTokenizers;

/// <summary>
/// <c>ByteLevel</c> (GPT-2, GPT-NeoX): optionally a space in front of a piece that does not start with one
/// (<c>add_prefix_space</c>), the split of <see cref="Gpt2Split"/> (<c>use_regex</c>, default true), then each
/// piece's UTF-8 bytes written in <see cref="ByteLevelAlphabet"/>. <c>trim_offsets</c> only moves offsets.
/// </summary>
sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    public void Split(PreToken piece, List<PreToken> output)
    {
        string text = addPrefixSpace && !piece.Text.StartsWith(' ') ? " " + piece.Text : piece.Text;
        if (!useRegex)
        {
            if (text.Length > 0) output.Add(new PreToken(ByteLevelAlphabet.Encode(text), piece.AtStart));
            return;
        }
        foreach (var (start, length) in Gpt2Split.Matches(text))
            output.Add(new PreToken(ByteLevelAlphabet.Encode(text.AsSpan(start, length)), piece.AtStart && start == 0));
    }
}

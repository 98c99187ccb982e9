namespace ModeHop.Models.Tokenizers.Decoders;

/// <summary><c>Replace</c>: in each token, every match of the pattern becomes <c>content</c> (Llama: "▁" → " ").</summary>
sealed class ReplaceDecoder(TextPattern pattern, string content) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens) => tokens.Select(t => pattern.Replace(t, content)).ToList();
}

namespace ModeHop.Models.Tokenizers.Decoders;

/// <summary><c>Strip</c>: from each token, up to <c>start</c> leading and <c>stop</c> trailing copies of <c>content</c> are cut (Llama: the space its Prepend added).</summary>
sealed class StripDecoder(string content, int start, int stop) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens) => tokens.Select(Strip).ToList();

    string Strip(string token)
    {
        int from = 0, to = token.Length;
        for (int i = 0; i < start && token.AsSpan(from, to - from).StartsWith(content, StringComparison.Ordinal); i++) from += content.Length;
        for (int i = 0; i < stop && token.AsSpan(from, to - from).EndsWith(content, StringComparison.Ordinal); i++) to -= content.Length;
        return token[from..to];
    }
}

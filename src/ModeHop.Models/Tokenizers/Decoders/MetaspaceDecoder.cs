using ModeHop.Models.Tokenizers.PreTokenizers;

namespace ModeHop.Models.Tokenizers.Decoders;

/// <summary>
/// <c>Metaspace</c>: the replacement becomes ' ', except in the first token, where it is dropped when the
/// pre-tokenizer prepends one (prepend scheme other than never) — Hugging Face's rule, applied to every
/// replacement of that first token.
/// </summary>
sealed class MetaspaceDecoder(string replacement, PrependScheme scheme) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens) =>
        tokens.Select((t, i) => t.Replace(replacement, i == 0 && scheme != PrependScheme.Never ? "" : " ", StringComparison.Ordinal)).ToList();
}

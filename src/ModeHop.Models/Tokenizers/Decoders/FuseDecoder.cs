namespace ModeHop.Models.Tokenizers.Decoders;

/// <summary><c>Fuse</c>: all tokens joined into one.</summary>
sealed class FuseDecoder : IDecoder
{
    public List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];
}

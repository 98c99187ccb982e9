namespace ModeHop.Models.Tokenizers.Decoders;

/// <summary><c>Sequence</c>: the decoders one after the other, each on the list the previous one left.</summary>
sealed class SequenceDecoder(IReadOnlyList<IDecoder> decoders) : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        foreach (var d in decoders) tokens = d.DecodeChain(tokens);
        return tokens;
    }
}

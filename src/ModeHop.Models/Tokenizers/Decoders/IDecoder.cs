namespace ModeHop.Models.Tokenizers.Decoders;

/// <summary>
/// A tokenizer.json <c>decoder</c>: turns the token strings of some ids back into text pieces. Decoders chain
/// (Hugging Face's <c>decode_chain</c>): each takes the list the previous one left; the text is their concatenation.
/// </summary>
interface IDecoder
{
    List<string> DecodeChain(List<string> tokens);
}

namespace ModeHop.Models.Tokenizers.PreTokenizers;

/// <summary>A tokenizer.json <c>pre_tokenizer</c>: cuts a piece into smaller pieces (and may rewrite them); empty pieces are dropped.</summary>
interface IPreTokenizer
{
    void Split(PreToken piece, List<PreToken> output);
}

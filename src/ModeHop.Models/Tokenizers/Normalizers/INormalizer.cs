namespace ModeHop.Models.Tokenizers.Normalizers;

/// <summary>A tokenizer.json <c>normalizer</c>: rewrites a piece of text (that is not an added token) before pre-tokenisation.</summary>
interface INormalizer
{
    string Normalize(string text);
}

namespace ModeHop.Models.Tokenizers.Normalizers;

/// <summary><c>Prepend</c>: puts <c>prepend</c> (Llama's "▁") in front of every non-empty piece.</summary>
sealed class PrependNormalizer(string prepend) : INormalizer
{
    public string Normalize(string text) => text.Length == 0 ? text : prepend + text;
}

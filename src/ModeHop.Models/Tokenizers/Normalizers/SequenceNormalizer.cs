namespace ModeHop.Models.Tokenizers.Normalizers;

/// <summary><c>Sequence</c>: the normalizers one after the other.</summary>
sealed class SequenceNormalizer(IReadOnlyList<INormalizer> normalizers) : INormalizer
{
    public string Normalize(string text)
    {
        foreach (var n in normalizers) text = n.Normalize(text);
        return text;
    }
}

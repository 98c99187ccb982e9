namespace ModeHop.Models.Tokenizers.Normalizers;

/// <summary><c>Lowercase</c>: invariant lower-casing of every character.</summary>
sealed class LowercaseNormalizer : INormalizer
{
    public string Normalize(string text) => text.ToLowerInvariant();
}

namespace ModeHop.Models.Tokenizers.Normalizers;

/// <summary>The <c>NFC</c> and <c>NFD</c> normalizers (canonical forms; see <see cref="UnicodeNormalization"/>).</summary>
sealed class UnicodeNormalizer(bool compose) : INormalizer
{
    public string Normalize(string text) => compose ? UnicodeNormalization.Nfc(text) : UnicodeNormalization.Nfd(text);
}

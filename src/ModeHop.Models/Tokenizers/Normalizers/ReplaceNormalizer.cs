namespace ModeHop.Models.Tokenizers.Normalizers;

/// <summary><c>Replace</c>: every match of the pattern becomes <c>content</c> (Llama: " " → "▁").</summary>
sealed class ReplaceNormalizer : INormalizer
{
    readonly TextPattern pattern;
    readonly string content;

    internal ReplaceNormalizer(TextPattern pattern, string content)
    {
        this.pattern = pattern;
        this.content = content;
    }

    public string Normalize(string text) => pattern.Replace(text, content);
}

namespace ModeHop.Models.Tokenizers.Normalizers;

/// <summary><c>Strip</c>: removes leading (<c>left</c>) and trailing (<c>right</c>) Unicode white space.</summary>
sealed class StripNormalizer(bool left, bool right) : INormalizer
{
    public string Normalize(string text)
    {
        int start = 0, end = text.Length;
        if (left) while (start < end && UnicodeClasses.IsWhiteSpace(text[start])) start++;
        if (right) while (end > start && UnicodeClasses.IsWhiteSpace(text[end - 1])) end--;
        return text[start..end];
    }
}

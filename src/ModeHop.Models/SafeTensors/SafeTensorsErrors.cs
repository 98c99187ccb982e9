using System.Text;

namespace ModeHop.Models.SafeTensors;

/// <summary>
/// The one place that builds safetensors error messages. Every message is a single line:
/// the path, what was expected and found, and what to do, so the CLI can print it as is.
/// </summary>
internal static class SafeTensorsErrors
{
    public const string ResaveAdvice = "the file is corrupt, truncated or not a safetensors file — re-download or re-save it";

    /// <summary>Corrupt or unsupported content: "<paramref name="path"/>: <paramref name="problem"/>; <paramref name="advice"/>."</summary>
    public static InvalidDataException Corrupt(string path, string problem, string advice = ResaveAdvice, Exception? inner = null) =>
        new(OneLine($"{path}: {problem}; {advice}."), inner);

    public static FileNotFoundException MissingFile(string path, string problem, string advice) =>
        new(OneLine($"{path}: {problem}; {advice}."), path);

    public static DirectoryNotFoundException MissingDirectory(string path, string problem, string advice) =>
        new(OneLine($"{path}: {problem}; {advice}."));

    /// <summary>A tensor name or header string in double quotes, with control characters escaped and long text cut.</summary>
    public static string Quote(string text) => $"\"{Escape(text.Replace("\\", "\\\\").Replace("\"", "\\\""), 120)}\"";

    /// <summary>Text with control and line-separator characters escaped, cut to <paramref name="maxChars"/> with "…".</summary>
    public static string Escape(string text, int maxChars)
    {
        var sb = new StringBuilder(Math.Min(text.Length, maxChars) + 4);
        for (int i = 0; i < text.Length && i < maxChars; i++)
        {
            char c = text[i];
            if (char.IsControl(c) || c == '\u2028' || c == '\u2029') sb.Append($"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        if (text.Length > maxChars) sb.Append('…');
        return sb.ToString();
    }

    static string OneLine(string message) => message.Replace('\r', ' ').Replace('\n', ' ');
}

using System.Buffers;
using System.Globalization;
using System.Text;

namespace ModeHop.Models.Tokenizers;

/// <summary>
/// The character classes of Hugging Face's regexes, by code point (not by UTF-16 unit, so astral letters
/// count as letters): <c>\s</c> is Unicode White_Space (checked against HF: U+0085, U+00A0, U+3000 are
/// space; U+200B, U+FEFF, U+001C are not), <c>\p{L}</c> and <c>\p{N}</c> the general categories,
/// <c>\w</c> letters, marks, decimal and letter numbers, connector punctuation and the joiners.
/// </summary>
static class UnicodeClasses
{
    public static bool IsWhiteSpace(int cp) => cp switch
    {
        >= 0x09 and <= 0x0D or 0x20 or 0x85 or 0xA0 or 0x1680 or (>= 0x2000 and <= 0x200A) or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    public static bool IsLetter(Rune r) => Rune.IsLetter(r);

    public static bool IsNumber(Rune r) => Rune.IsNumber(r);

    public static bool IsWordCharacter(Rune r) => r.Value is 0x200C or 0x200D || Rune.GetUnicodeCategory(r) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.ConnectorPunctuation => true,
        _ => false,
    };

    /// <summary>The rune at <paramref name="index"/> (a lone surrogate reads as U+FFFD, one unit long).</summary>
    public static Rune RuneAt(string text, int index) =>
        Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out _) == OperationStatus.Done ? rune : Rune.ReplacementChar;

    /// <summary>The rune that ends just before <paramref name="index"/>.</summary>
    public static Rune RuneBefore(string text, int index) =>
        Rune.DecodeLastFromUtf16(text.AsSpan(0, index), out var rune, out _) == OperationStatus.Done ? rune : Rune.ReplacementChar;
}

using ModeHop.Models.Tokenizers.Normalizers;

namespace ModeHop.Tests.Models.Tokenizers;

/// <summary>NFC and NFD on the cases UAX #15 calls out; each expected string written by hand from the Unicode tables.</summary>
public class UnicodeNormalizationTests
{
    [Theory]
    [InlineData("e\u0301", "\u00e9")]                    // e + combining acute → é
    [InlineData("\u00e9", "\u00e9")]                      // already composed
    [InlineData("A\u030A", "\u00C5")]                     // A + ring → Å
    [InlineData("\u212B", "\u00C5")]                      // ANGSTROM SIGN: a singleton, always replaced by Å
    [InlineData("a\u0323\u0301", "\u1EA1\u0301")]         // ạ (a + dot below) composes first; the acute stays
    [InlineData("a\u0301\u0323", "\u1EA1\u0301")]         // same after canonical ordering (dot below 220 < acute 230)
    [InlineData("\u0958", "\u0915\u093C")]                // DEVANAGARI QA: a composition exclusion stays decomposed
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]          // Hangul jamo L V T → 각
    [InlineData("\uAC00\u11A8", "\uAC01")]                // LV syllable + T → LVT
    [InlineData("e\u0301\u0301", "\u00e9\u0301")]         // the second acute is blocked by the first (same class)
    [InlineData("\u0041\u0308\u0304", "\u01DE")]          // Ä then macron → Ǟ (two steps)
    [InlineData("plain ASCII", "plain ASCII")]
    [InlineData("😀e\u0301", "😀\u00e9")]                 // astral characters pass through
    public void Nfc_Cases_MatchTheStandard(string input, string expected) => Assert.Equal(Hex(expected), Hex(UnicodeNormalization.Nfc(input)));

    [Theory]
    [InlineData("\u00e9", "e\u0301")]
    [InlineData("\u01DE", "A\u0308\u0304")]               // recursive: Ǟ → Ä + macron → A + diaeresis + macron
    [InlineData("\uAC01", "\u1100\u1161\u11A8")]
    [InlineData("a\u0301\u0323", "a\u0323\u0301")]        // reordered by combining class
    [InlineData("abc", "abc")]
    public void Nfd_Cases_MatchTheStandard(string input, string expected) => Assert.Equal(Hex(expected), Hex(UnicodeNormalization.Nfd(input)));

    static string Hex(string s) => string.Join(" ", s.EnumerateRunes().Select(r => r.Value.ToString("X4")));
}

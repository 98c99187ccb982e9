namespace ModeHop.Tests.Models.Tokenizers;

/// <summary>
/// fixtures/neox-like.json: GPT-NeoX's shape — NFC normalizer, ByteLevel, and added tokens that are runs of
/// spaces ("  " 20, "   " 21, normalized, not special), found before pre-tokenisation. Also &lt;|endoftext|&gt; 0,
/// &lt;mask&gt; 18 (lstrip) and "ab" 19 (single_word). Vocab: a 3, b 4, c 5, Ġ 8, Ġc 13, ca 15, caf 16, cafÃ© 17.
/// Merges: 0 "Ã ©", 1 "c a", 2 "ca f", 3 "caf Ã©", 4 "Ġ c".
/// </summary>
public class NeoXLikeTests
{
    const string Fixture = "neox-like.json";

    [Fact]
    public void Encode_DecomposedAccent_IsComposedByNfcFirst()
    {
        // "cafe\u0301" → NFC "café" → bytes c a f Ã © → Ã© (0) → ca (1) → caf (2) → cafÃ© (3) = 17.
        var t = TokenizerFixtures.Load(Fixture);
        Assert.Equal([17], t.Encode("cafe\u0301"));
        Assert.Equal([17], t.Encode("caf\u00e9"));
    }

    [Fact]
    public void Encode_WithoutTheNormalizer_DecomposedAccentStaysApart()
    {
        // e Ì ģ (U+0301 is CC 81) have ids 6 11 12; caf 16 before them. Shows the NFC test above can fail.
        var t = TokenizerFixtures.Edited(Fixture, json => json["normalizer"] = null);
        Assert.Equal([16, 6, 11, 12], t.Encode("cafe\u0301"));
    }

    [Theory]
    [InlineData("a b", new[] { 3, 8, 4 })]          // one space is not an added token: "a", "Ġb" → Ġ b (no merge)
    [InlineData("a  b", new[] { 3, 20, 4 })]        // the added "  " comes out before pre-tokenisation, so b has no Ġ
    [InlineData("a   b", new[] { 3, 21, 4 })]       // leftmost-longest: "   " rather than "  " + " "
    [InlineData("a    b", new[] { 3, 21, 8, 4 })]   // "   " then " b"
    [InlineData("a     b", new[] { 3, 21, 20, 4 })] // "   " then "  "
    public void Encode_SpaceRuns_AreAddedTokensLeftmostLongest(string text, int[] expected) =>
        Assert.Equal(expected, TokenizerFixtures.Load(Fixture).Encode(text));

    [Fact]
    public void Encode_SpecialTokens_AreMatchedInText() =>
        Assert.Equal([1, 3, 0, 4], TokenizerFixtures.Load(Fixture).Encode("<|padding|>a<|endoftext|>b"));

    [Fact]
    public void Encode_LeftStripToken_SwallowsTheSpacesBeforeIt()
    {
        // "a  <mask> b": <mask> takes "  <mask>", then " b" → Ġ b.
        Assert.Equal([3, 18, 8, 4], TokenizerFixtures.Load(Fixture).Encode("a  <mask> b"));
    }

    [Theory]
    [InlineData("ab c", new[] { 19, 13 })]   // "ab" stands alone: 19, then " c" → Ġc (4) = 13
    [InlineData("abc", new[] { 3, 4, 5 })]   // "ab" touches c: not the added token, plain a b c
    [InlineData("cab", new[] { 15, 4 })]     // touches c on the left: ca (1) b
    public void Encode_SingleWordToken_OnlyWhenNoWordCharacterTouchesIt(string text, int[] expected) =>
        Assert.Equal(expected, TokenizerFixtures.Load(Fixture).Encode(text));

}

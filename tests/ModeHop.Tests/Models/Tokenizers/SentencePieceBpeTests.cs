namespace ModeHop.Tests.Models.Tokenizers;

/// <summary>
/// fixtures/sentencepiece-bpe.json: Llama's tokenizer.json shape — normalizer Prepend("▁") + Replace(" " → "▁"),
/// no pre-tokenizer, BPE with byte_fallback and fuse_unk, decoder Replace/ByteFallback/Fuse/Strip. Ids: &lt;unk&gt; 0,
/// &lt;s&gt; 1, &lt;/s&gt; 2, &lt;0xNN&gt; 3 + NN, ▁ 259, h 260, e 261, l 262, o 263, ▁h 264, ll 265, ▁he 266, llo 267,
/// ▁hello 268, w 269, r 270, d 271, ▁w 272, or 273, ▁wor 274, ld 275, ▁world 276. Merges by rank: "▁ h", "l l",
/// "▁h e", "ll o", "▁he llo", "▁ w", "o r", "▁w or", "l d", "▁wor ld".
/// </summary>
public class SentencePieceBpeTests
{
    const string Fixture = "sentencepiece-bpe.json", Metaspace = "sentencepiece-metaspace.json";

    [Fact]
    public void Encode_HelloWorld_IsOnePieceMergedByRank()
    {
        // "▁hello▁world": ▁h (0), ll (1), ▁he (2), llo (3), ▁hello (4), ▁w (5), or (6), ▁wor (7), ld (8), ▁world (9).
        Assert.Equal([268, 276], TokenizerFixtures.Load(Fixture).Encode("hello world"));
    }

    [Fact]
    public void Encode_CharactersNotInVocab_BecomeUtf8ByteTokens()
    {
        // é = C3 A9 → <0xC3> 3 + 0xC3 = 198, <0xA9> 3 + 0xA9 = 172; 😀 = F0 9F 98 80 → 243 162 155 131.
        var t = TokenizerFixtures.Load(Fixture);
        Assert.Equal([268, 259, 198, 172], t.Encode("hello é"));
        Assert.Equal([268, 259, 243, 162, 155, 131, 276], t.Encode("hello 😀 world"));
    }

    [Fact]
    public void Encode_WithoutByteFallback_FusesUnknownsIntoOneUnk()
    {
        var fused = TokenizerFixtures.Edited(Fixture, json => json["model"]!["byte_fallback"] = false);
        Assert.Equal([259, 0], fused.Encode("éé"));         // ▁ then one <unk> for both
        var apart = TokenizerFixtures.Edited(Fixture, json =>
        {
            json["model"]!["byte_fallback"] = false;
            json["model"]!["fuse_unk"] = false;
        });
        Assert.Equal([259, 0, 0], apart.Encode("éé"));
    }

    [Fact]
    public void Encode_SpecialTokenThenText_PrependsToThePieceAfterIt()
    {
        // <s> is cut out of the raw text first; the normalizer then prepends ▁ to "hello" (Hugging Face's legacy behaviour).
        Assert.Equal([1, 268], TokenizerFixtures.Load(Fixture).Encode("<s>hello"));
    }

    [Fact]
    public void Encode_EmptyString_GivesNoIdsAndNoPrefix() => Assert.Empty(TokenizerFixtures.Load(Fixture).Encode(""));

    [Fact]
    public void Decode_InvalidUtf8Bytes_GiveOneReplacementCharacterEach()
    {
        // <0xC3> alone is a truncated sequence; ByteFallback writes U+FFFD for each byte of such a run.
        Assert.Equal("hello\uFFFD", TokenizerFixtures.Load(Fixture).Decode([268, 198]));
    }

    [Fact]
    public void Encode_MetaspaceFirst_PrependsOnlyAtTheStartOfTheText()
    {
        var t = TokenizerFixtures.Load(Metaspace);
        Assert.Equal([268], t.Encode("hello"));                   // "▁hello"
        Assert.Equal([1, 260, 261, 267], t.Encode("<s>hello"));   // "hello" is not at the start: h e llo (ll 1, llo 3)
    }

    [Fact]
    public void Encode_MetaspaceSplit_CutsBeforeEachReplacement()
    {
        var t = TokenizerFixtures.Edited(Metaspace, json => json["pre_tokenizer"]!["split"] = true);
        // "▁hello▁▁world" → "▁hello", "▁", "▁world" (MergedWithNext): the same ids as one piece here.
        Assert.Equal([268, 259, 276], t.Encode("hello  world"));
        // "▁ll▁hello" → "▁ll", "▁hello": ▁ l l → ▁ ll (rank 1; no merge of ▁ with ll) and ▁hello.
        Assert.Equal([259, 265, 268], t.Encode("ll hello"));
    }
}

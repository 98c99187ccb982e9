using System.Text.Json.Nodes;

namespace ModeHop.Tests.Models.Tokenizers;

/// <summary>
/// fixtures/tiny-bytelevel.json: a GPT-2-style byte-level BPE with 20 tokens. Its merges, by rank:
/// 0 "l o", 1 "h e", 2 "l l", 3 "he l", 4 "hel lo", 5 "Ġ w", 6 "o r", 7 "Ġw or", 8 "l d", 9 "Ġwor ld".
/// Ids: ! 0, d 1, e 2, h 3, l 4, o 5, r 6, w 7, Ġ 8, lo 9, he 10, ll 11, hel 12, hello 13, Ġw 14, or 15,
/// Ġwor 16, ld 17, Ġworld 18, &lt;|endoftext|&gt; 19.
/// </summary>
public class ByteLevelBpeTests
{
    const string Fixture = "tiny-bytelevel.json";

    [Fact]
    public void Encode_Hello_MergesByRankNotByPosition()
    {
        // h e l l o: the best pair is "l o" (rank 0), so the second l goes with o and "l l" (rank 2) never applies:
        // h e l lo → he l lo (rank 1) → hel lo (rank 3) → hello (rank 4) = 13.
        Assert.Equal([13], TokenizerFixtures.Load(Fixture).Encode("hello"));
    }

    [Fact]
    public void Encode_Hell_UsesTheLowerRankPairFirst()
    {
        // h e l l: "h e" (1) before "l l" (2): he l l → then (he l) is rank 3 but (l l) rank 2 comes first: he ll; no merge of (he ll).
        Assert.Equal([10, 11], TokenizerFixtures.Load(Fixture).Encode("hell"));
    }

    [Fact]
    public void Encode_TwoSpaces_LastSpaceGoesToTheNextWord()
    {
        // "hello  world" pre-tokenizes as "hello", " ", " world" (\s+(?!\S) backs off one space): 13, Ġ 8, Ġworld 18,
        // where Ġ w o r l d → Ġw (5) → Ġw or (6) → Ġwor (7) → Ġwor ld (8) → Ġworld (9).
        Assert.Equal([13, 8, 18], TokenizerFixtures.Load(Fixture).Encode("hello  world"));
    }

    [Fact]
    public void Encode_SpecialTokenInText_IsOneIdAndSplitsTheWords()
    {
        // "world" without its space: w o r l d → w or l d (6) → w or ld (8); no merge of (w or): 7 15 17.
        Assert.Equal([13, 19, 7, 15, 17], TokenizerFixtures.Load(Fixture).Encode("hello<|endoftext|>world"));
    }

    [Fact]
    public void Encode_EmptyString_GivesNoIds() => Assert.Empty(TokenizerFixtures.Load(Fixture).Encode(""));

    [Fact]
    public void Encode_CharactersOutsideTheVocab_AreDroppedAsHuggingFaceDoes()
    {
        // No unk_token and no byte fallback: the bytes of é (Ã ©) have no id, so they vanish; h l lo remain.
        Assert.Equal([3, 4, 9], TokenizerFixtures.Load(Fixture).Encode("héllo"));
    }

    [Theory]
    [InlineData("hello world!")]
    [InlineData("hello   world  ")]
    [InlineData("hell<|endoftext|> hello")]
    [InlineData("")]
    public void Encode_MergesAsPairs_GiveTheSameIdsAsMergesAsStrings(string text)
    {
        var asStrings = TokenizerFixtures.Load(Fixture);
        var asPairs = TokenizerFixtures.Edited(Fixture, json =>
        {
            var merges = json["model"]!["merges"]!.AsArray().Select(m => (JsonNode)new JsonArray(((string)m!).Split(' ').Select(p => (JsonNode)p!).ToArray())).ToArray();
            json["model"]!["merges"] = new JsonArray(merges);
        });
        Assert.Equal(asStrings.Encode(text), asPairs.Encode(text));
        Assert.Equal([13, 18, 0], asPairs.Encode("hello world!"));   // the pairs were read as merges, not dropped
    }

    [Fact]
    public void Encode_AddPrefixSpace_TreatsTheFirstWordLikeTheOthers()
    {
        var t = TokenizerFixtures.Edited(Fixture, json => json["pre_tokenizer"]!["add_prefix_space"] = true);
        // " world" → Ġworld 18, as it would after a space.
        Assert.Equal([18], t.Encode("world"));
    }

    [Fact]
    public void Encode_UseRegexFalse_KeepsThePieceWhole()
    {
        var t = TokenizerFixtures.Edited(Fixture, json => json["pre_tokenizer"]!["use_regex"] = false);
        // One piece "helloĠworld": hello (as above) and Ġworld, the merges never cross; same ids as split, by this vocab.
        Assert.Equal([13, 18], t.Encode("hello world"));
        // Without the split, "Ġ" and "w" of "hello  world" sit in one piece: hello Ġ Ġworld still.
        Assert.Equal([13, 8, 18], t.Encode("hello  world"));
    }

    [Fact]
    public void VocabSize_IsOnePastTheLargestId() => Assert.Equal(20, TokenizerFixtures.Load(Fixture).VocabSize);

    [Fact]
    public void Decode_UnknownId_ThrowsNamingTheId()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TokenizerFixtures.Load(Fixture).Decode([13, 20]));
        Assert.Contains("no token has id 20", e.Message);
    }
}

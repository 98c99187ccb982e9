namespace ModeHop.Tests.Models.Tokenizers;

/// <summary>fixtures/wordlevel.json: WordLevel over WhitespaceSplit, vocab &lt;pad&gt; 0, &lt;unk&gt; 1, the 2, cat 3, sat 4, . 5.</summary>
public class WordLevelTests
{
    const string Fixture = "wordlevel.json";

    [Fact]
    public void Encode_Words_OneIdEachUnknownToUnk() =>
        Assert.Equal([2, 1, 4, 5], TokenizerFixtures.Load(Fixture).Encode("  the dog\tsat\n."));

    [Fact]
    public void Encode_SpecialTokenGluedToAWord_IsCutOut() =>
        Assert.Equal([2, 0, 3], TokenizerFixtures.Load(Fixture).Encode("the<pad>cat"));

    [Fact]
    public void Decode_NoDecoder_JoinsTokensWithSpaces() =>
        Assert.Equal("the <unk> sat .", TokenizerFixtures.Load(Fixture).Decode([2, 1, 4, 5]));

    [Fact]
    public void Encode_WhitespaceOnly_GivesNoIds() => Assert.Empty(TokenizerFixtures.Load(Fixture).Encode(" \t\n "));
}

using System.Text.Json.Nodes;
using ModeHop.Lab;

namespace ModeHop.Tests.Lab;

public class WordTokenizerTests
{
    [Fact]
    public void Encode_Words_RoundTripsAndMapsUnknownWords()
    {
        var v = new World(1).Vocabulary;
        var t = new WordTokenizer(v);
        var ids = t.Encode("flip i3 L0 ;  rep n1 n2 = zebra");
        Assert.Equal(9, ids.Length);
        Assert.Equal(v.Id(Vocabulary.Unknown), ids[^1]);
        Assert.Equal("flip i3 L0 ; rep n1 n2 = <unk>", t.Decode(ids));
        Assert.Empty(t.Encode(""));
    }

    [Fact]
    public void ToJson_IsAHuggingFaceWordLevelTokenizer()
    {
        var v = new World(1).Vocabulary;
        var json = JsonNode.Parse(new WordTokenizer(v).ToJson())!;
        Assert.Equal("WordLevel", (string?)json["model"]!["type"]);
        Assert.Equal("WhitespaceSplit", (string?)json["pre_tokenizer"]!["type"]);
        var vocab = json["model"]!["vocab"]!.AsObject();
        Assert.Equal(v.Count, vocab.Count);
        Assert.Equal(v.Id("n3"), (int)vocab["n3"]!);
    }

    [Fact]
    public void ToJson_LoadsAsATokenizerJson_WithTheSameIds()
    {
        var v = new World(1).Vocabulary;
        var lab = new WordTokenizer(v);
        var loaded = ModeHop.Models.Tokenizers.TokenizerJson.Parse(lab.ToJson(), "lab.json");
        const string text = "flip i3 L0 ; rep n1 n2 = zebra <pad>";
        Assert.Equal(lab.Encode(text), loaded.Encode(text));
        Assert.Equal(v.Count, loaded.VocabSize);
        Assert.Equal(v.PadId, lab.Encode("<pad>")[0]);
    }

    [Fact]
    public void ToJson_AddedTokens_SpellOutEveryFlagHuggingFaceRequires()
    {
        var json = JsonNode.Parse(new WordTokenizer(new World(1).Vocabulary).ToJson())!;
        foreach (var token in json["added_tokens"]!.AsArray())
            foreach (var flag in new[] { "single_word", "lstrip", "rstrip", "normalized", "special" })
                Assert.NotNull(token![flag]);
    }
}

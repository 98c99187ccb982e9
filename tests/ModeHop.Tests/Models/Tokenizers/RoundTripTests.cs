namespace ModeHop.Tests.Models.Tokenizers;

/// <summary>Decode(Encode(text)) gives the text back, for every kind of tokenizer, on text its vocabulary can spell.</summary>
public class RoundTripTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "tiny-bytelevel.json", "hello world!" },
        { "tiny-bytelevel.json", "  hello  world  " },
        { "tiny-bytelevel.json", "<|endoftext|>hello" },
        { "neox-like.json", "a     b" },
        { "neox-like.json", "  café <|endoftext|>" },
        { "sentencepiece-bpe.json", "hello world" },
        { "sentencepiece-bpe.json", " hello  world " },
        { "sentencepiece-bpe.json", "héllo wörld 😀 日本" },   // mostly byte-fallback tokens
        { "sentencepiece-bpe.json", "tabs\tand\nnewlines" },
        { "wordlevel.json", "the cat sat ." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_Encoded_GivesTheTextBack(string fixture, string text)
    {
        var t = TokenizerFixtures.Load(fixture);
        var ids = t.Encode(text);
        Assert.NotEmpty(ids);
        Assert.Equal(text, t.Decode(ids));
    }
}

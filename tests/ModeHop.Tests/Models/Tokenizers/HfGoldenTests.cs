using System.Text.Json.Nodes;

namespace ModeHop.Tests.Models.Tokenizers;

/// <summary>
/// Every small fixture against Hugging Face tokenizers itself: fixtures/hf-golden.json holds the ids and the
/// decoded text that the Rust library gives (tools/gpt2-tokenizer/hf-golden.js, through its Node binding).
/// </summary>
public class HfGoldenTests
{
    public static TheoryData<string, string, int[], string> Cases()
    {
        var data = new TheoryData<string, string, int[], string>();
        foreach (var c in JsonNode.Parse(File.ReadAllText(TokenizerFixtures.PathOf("hf-golden.json")))!.AsArray())
            data.Add((string)c!["fixture"]!, (string)c["text"]!, c["ids"]!.AsArray().Select(n => (int)n!).ToArray(), (string)c["decoded"]!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_GoldenCase_MatchesHuggingFace(string fixture, string text, int[] ids, string decoded)
    {
        _ = decoded;
        Assert.Equal(TokenizerFixtures.Show(ids), TokenizerFixtures.Show(TokenizerFixtures.Load(fixture).Encode(text)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_GoldenCase_MatchesHuggingFace(string fixture, string text, int[] ids, string decoded)
    {
        _ = text;
        Assert.Equal(decoded, TokenizerFixtures.Load(fixture).Decode(ids));
    }

    [Fact]
    public void Golden_CoversEveryKind_AtLeastFiveFixtures()
    {
        var fixtures = Cases().Select(row => (string)row[0]).Distinct().ToList();
        Assert.Equal(5, fixtures.Count);
    }
}

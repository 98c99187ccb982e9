using System.Text.Json.Nodes;

namespace ModeHop.Tests.Models.Tokenizers;

/// <summary>
/// GPT-2's real vocabulary against two references (fixtures from tools/gpt2-tokenizer): gpt-3-encoder's own JS
/// encoder on every line of a 444-line corpus (unicode, whitespace runs, numbers, contractions, code, punctuation)
/// and on the whole text, and Hugging Face tokenizers where it differs from gpt-3-encoder: on &lt;|endoftext|&gt;,
/// which gpt-3-encoder does not know as a special token, and on U+FEFF, which JavaScript's \s counts as white space
/// and Unicode's White_Space (Hugging Face's \s) does not.
/// </summary>
public class Gpt2VocabularyTests
{
    static readonly string[] Lines = ReadLines();
    static readonly JsonObject Expected = JsonNode.Parse(File.ReadAllText(TokenizerFixtures.PathOf("gpt2-expected.json")))!.AsObject();

    static string[] ReadLines()
    {
        string text = File.ReadAllText(TokenizerFixtures.PathOf("gpt2-sample.txt"));
        return text[..^1].Split('\n');   // the file ends with a newline
    }

    /// <summary>Hugging Face's ids where the fixture has them, else gpt-3-encoder's.</summary>
    static int[] ExpectedIds(JsonNode entry) => (entry["hf"] ?? entry["ids"])!.AsArray().Select(n => (int)n!).ToArray();

    [Fact]
    public void Fixture_CoversTheCorpus_OneEntryPerLine()
    {
        Assert.Equal(444, Lines.Length);
        Assert.Equal(Lines.Length, Expected["lines"]!.AsArray().Count);
        Assert.Equal(50257, TokenizerFixtures.Gpt2.VocabSize);
    }

    [Fact]
    public void Encode_EachCorpusLine_MatchesTheReferenceIds()
    {
        var tokenizer = TokenizerFixtures.Gpt2;
        var entries = Expected["lines"]!.AsArray();
        var failures = new List<string>();
        for (int i = 0; i < Lines.Length; i++)
        {
            var expected = ExpectedIds(entries[i]!);
            var actual = tokenizer.Encode(Lines[i]);
            if (!expected.SequenceEqual(actual))
                failures.Add($"line {i + 1}: {System.Text.Json.JsonSerializer.Serialize(Lines[i])}\n  expected {TokenizerFixtures.Show(expected)}\n  actual   {TokenizerFixtures.Show(actual)}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {Lines.Length} lines differ:\n{string.Join("\n", failures.Take(10))}");
    }

    [Fact]
    public void Encode_WholeCorpus_MatchesTheReferenceIds()
    {
        string text = string.Join('\n', Lines) + "\n";
        var expected = ExpectedIds(Expected["whole"]!);
        var actual = TokenizerFixtures.Gpt2.Encode(text);
        int first = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i], Math.Min(expected.Length, actual.Length));
        Assert.True(expected.SequenceEqual(actual),
            $"whole text: {expected.Length} expected ids, {actual.Length} actual; first difference at {first}: expected {TokenizerFixtures.Show(expected.Skip(first).Take(12))}, actual {TokenizerFixtures.Show(actual.Skip(first).Take(12))}");
    }

    [Fact]
    public void Decode_EachCorpusLine_RoundTrips()
    {
        var tokenizer = TokenizerFixtures.Gpt2;
        foreach (var line in Lines) Assert.Equal(line, tokenizer.Decode(tokenizer.Encode(line)));
    }

    [Fact]
    public void Encode_KnownPhrases_GiveGpt2sPublishedIds()
    {
        // Ids anyone can check against GPT-2: "Hello" 15496, " world" 995, "<|endoftext|>" 50256.
        Assert.Equal([15496, 995], TokenizerFixtures.Gpt2.Encode("Hello world"));
        Assert.Equal([50256], TokenizerFixtures.Gpt2.Encode("<|endoftext|>"));
        Assert.Equal("Ġworld", TokenizerFixtures.Gpt2.IdToToken(995));
    }
}

using ModeHop.Tests.Models.Tokenizers;

namespace ModeHop.Tests.Cli;

/// <summary>`modehop tokenize` through the real program, on the tiny byte-level fixture (hello 13, Ġworld 18, ! 0).</summary>
public class TokenizeCommandTests
{
    static readonly string Tiny = TokenizerFixtures.PathOf("tiny-bytelevel.json");

    static void AssertBadInput(CliRunner.Result r, string mentions)
    {
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        var lines = r.Stderr.TrimEnd().Split('\n');
        Assert.True(lines.Length == 1, r.ToString());
        Assert.StartsWith("modehop: error: ", lines[0]);
        Assert.Contains(mentions, lines[0]);
    }

    [Fact]
    public void Tokenize_Json_PrintsExactlyTheIdsObject()
    {
        var r = CliRunner.Run("tokenize", "--tokenizer", Tiny, "--text", "hello world!", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("{\"ids\":[13,18,0]}\n", r.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Tokenize_Text_ShowsIdsAndTokenStrings()
    {
        var r = CliRunner.Run("tokenize", "--tokenizer", Tiny, "--text", "hello world!");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("ids        13 18 0", r.Stdout);
        Assert.Contains("\"Ġworld\"", r.Stdout);
        Assert.Contains("\" world\"", r.Stdout);
    }

    [Fact]
    public void Tokenize_TextFile_EncodesTheWholeContent()
    {
        string dir = CliRunner.TempDir("tokenize-file");
        string file = Path.Combine(dir, "text.txt");
        File.WriteAllText(file, "hello  world");
        var r = CliRunner.Run("tokenize", "--tokenizer", Tiny, "--text-file", file, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("{\"ids\":[13,8,18]}", r.Stdout.Trim());
    }

    [Fact]
    public void Tokenize_DecodeTheJsonItPrinted_GivesTheTextBack()
    {
        string dir = CliRunner.TempDir("tokenize-decode");
        string file = Path.Combine(dir, "ids.json");
        File.WriteAllText(file, "{\"ids\":[13,19,7,15,17]}");
        var r = CliRunner.Run("tokenize", "--tokenizer", Tiny, "--text-file", file, "--decode", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = System.Text.Json.Nodes.JsonNode.Parse(r.Stdout)!.AsObject();
        Assert.Single(json);
        Assert.Equal("hello<|endoftext|>world", (string?)json["text"]);
    }

    [Fact]
    public void Tokenize_Help_DescribesTheOptions()
    {
        var r = CliRunner.Run("tokenize", "--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var option in new[] { "--tokenizer", "--text", "--text-file", "--decode", "--json" }) Assert.Contains(option, r.Stdout);
    }

    [Fact]
    public void Tokenize_MissingTokenizer_ExitsTwoNamingThePath()
    {
        string missing = Path.Combine(CliRunner.TempDir("tokenize-missing"), "tokenizer.json");
        AssertBadInput(CliRunner.Run("tokenize", "--tokenizer", missing, "--text", "x"), missing);
    }

    [Fact]
    public void Tokenize_BadTokenizerJson_ExitsTwoWithOneLine()
    {
        string file = Path.Combine(CliRunner.TempDir("tokenize-bad"), "tokenizer.json");
        File.WriteAllText(file, """{"model": {"type": "Unigram", "vocab": []}}""");
        AssertBadInput(CliRunner.Run("tokenize", "--tokenizer", file, "--text", "x"), "model type 'Unigram' is not supported");
    }

    [Fact]
    public void Tokenize_TextFileNotUtf8_ExitsTwo()
    {
        string file = Path.Combine(CliRunner.TempDir("tokenize-latin1"), "text.txt");
        File.WriteAllBytes(file, [0x63, 0x61, 0x66, 0xE9]);   // "café" in Latin-1
        AssertBadInput(CliRunner.Run("tokenize", "--tokenizer", Tiny, "--text-file", file), "not UTF-8");
    }

    [Fact]
    public void Tokenize_MissingTextFile_ExitsTwo()
    {
        string missing = Path.Combine(CliRunner.TempDir("tokenize-no-text"), "text.txt");
        AssertBadInput(CliRunner.Run("tokenize", "--tokenizer", Tiny, "--text-file", missing), missing);
    }

    [Fact]
    public void Tokenize_NoInput_ExitsTwoSayingWhatToGive() =>
        AssertBadInput(CliRunner.Run("tokenize", "--tokenizer", Tiny), "exactly one of --text and --text-file");

    [Fact]
    public void Tokenize_DecodeUnknownId_ExitsTwoNamingTheId() =>
        AssertBadInput(CliRunner.Run("tokenize", "--tokenizer", Tiny, "--text", "13 99", "--decode"), "no token with id 99");
}

using System.IO.Compression;
using System.Text.Json.Nodes;
using ModeHop.Models.Tokenizers;

namespace ModeHop.Tests.Models.Tokenizers;

/// <summary>The tokenizer fixtures next to these tests (copied to the output folder).</summary>
static class TokenizerFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Models", "Tokenizers", "fixtures", name);

    public static HfTokenizer Load(string name) => TokenizerJson.Load(PathOf(name));

    /// <summary>GPT-2's real vocabulary as a Hugging Face tokenizer.json (built by tools/gpt2-tokenizer), decompressed in memory.</summary>
    public static HfTokenizer Gpt2 => gpt2.Value;

    static readonly Lazy<HfTokenizer> gpt2 = new(() =>
    {
        using var file = File.OpenRead(PathOf("gpt2-tokenizer.json.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return TokenizerJson.Parse(reader.ReadToEnd(), "gpt2-tokenizer.json.gz");
    });

    /// <summary>A tokenizer.json fixture with one part replaced (<paramref name="edit"/> changes the parsed JSON), parsed under <paramref name="source"/>.</summary>
    public static HfTokenizer Edited(string name, Action<JsonObject> edit, string source = "edited.json")
    {
        var json = JsonNode.Parse(File.ReadAllText(PathOf(name)))!.AsObject();
        edit(json);
        return TokenizerJson.Parse(json.ToJsonString(), source);
    }

    public static string Show(IEnumerable<int> ids) => "[" + string.Join(",", ids) + "]";
}

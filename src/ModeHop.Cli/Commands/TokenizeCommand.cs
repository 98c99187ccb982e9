using System.CommandLine;
using System.Text;
using System.Text.Json;
using ModeHop.Models.Tokenizers;

namespace ModeHop.Cli.Commands;

/// <summary><c>modehop tokenize</c>: a Hugging Face tokenizer.json applied to a text (ids), or with --decode to ids (text).</summary>
public static class TokenizeCommand
{
    /// <summary>What <c>tokenize --json</c> prints.</summary>
    public sealed record Encoded(int[] Ids);

    /// <summary>What <c>tokenize --decode --json</c> prints.</summary>
    public sealed record Decoded(string Text);

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Command Create()
    {
        var tokenizer = new Option<string>("--tokenizer") { Description = "A Hugging Face tokenizer.json (byte-level BPE like GPT-2 or Pythia, SentencePiece-style BPE like Llama, or WordLevel like the lab's).", Required = true };
        var text = new Option<string?>("--text") { Description = "The text to encode (or, with --decode, the ids)." };
        var textFile = new Option<string?>("--text-file") { Description = "A UTF-8 file whose whole content is the text (a final newline included), or with --decode the ids." };
        var decode = new Option<bool>("--decode") { Description = "Decode instead: the input is ids, as numbers separated by spaces or commas, a JSON array, or the {\"ids\":[…]} that --json prints." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: {\"ids\":[…]} (with --decode: {\"text\":\"…\"})." };
        var command = new Command("tokenize", "Encode a text with a Hugging Face tokenizer.json and print its ids and tokens, or decode ids back to text. Ids are the text's alone: no BOS/EOS from the post-processor. Give exactly one of --text and --text-file.")
        {
            tokenizer, text, textFile, decode, json,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            string input = Input(r.GetValue(text), r.GetValue(textFile));
            var t = TokenizerJson.Load(Common.ExistingFile(r.GetValue(tokenizer)!, "Hugging Face tokenizer.json"));
            if (r.GetValue(decode))
            {
                string decoded = t.Decode(CheckedIds(t, ParseIds(input)));
                if (r.GetValue(json)) JsonOut.Print(new Decoded(decoded));
                else Console.WriteLine(decoded);
                return CliErrors.Ok;
            }
            var ids = t.Encode(input);
            if (r.GetValue(json)) JsonOut.Print(new Encoded(ids));
            else Print(t, ids);
            return CliErrors.Ok;
        }));
        return command;
    }

    static string Input(string? text, string? textFile)
    {
        if ((text is null) == (textFile is null)) throw new UsageException("give exactly one of --text and --text-file.");
        if (text is not null) return text;
        var bytes = File.ReadAllBytes(Common.ExistingFile(textFile!, "UTF-8 text file"));
        ReadOnlySpan<byte> content = bytes;
        if (content.StartsWith("\xEF\xBB\xBF"u8)) content = content[3..];
        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{textFile}: not UTF-8 text (byte {e.Index} is not valid); convert it to UTF-8.");
        }
    }

    /// <summary>Ids as "1 2 3", "1,2,3", "[1, 2, 3]" or {"ids": [1, 2, 3]}.</summary>
    public static int[] ParseIds(string input)
    {
        string s = input.Trim();
        if (s.StartsWith('{') || s.StartsWith('['))
        {
            try
            {
                using var doc = JsonDocument.Parse(s);
                var array = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("ids", out var ids) ? ids : doc.RootElement;
                if (array.ValueKind == JsonValueKind.Array) return array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
            }
            throw new UsageException("--decode: the input is not a JSON array of integers nor {\"ids\": [ ... ]}.");
        }
        var parts = s.Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Select(p => int.TryParse(p, out int id) ? id
            : throw new UsageException($"--decode: '{p}' is not an id; give integers separated by spaces or commas.")).ToArray();
    }

    static int[] CheckedIds(HfTokenizer t, int[] ids)
    {
        foreach (int id in ids)
            if (t.IdToToken(id) is null)
                throw new UsageException($"--decode: {t.Source} has no token with id {id} (ids go up to {t.VocabSize - 1}).");
        return ids;
    }

    static void Print(HfTokenizer t, int[] ids)
    {
        Console.WriteLine($"tokenizer  {t.Source} ({t.ModelType}, vocab {t.VocabSize})");
        Console.WriteLine($"ids        {string.Join(' ', ids)}");
        Console.WriteLine($"{ids.Length} token(s); each as its tokenizer.json string, then the text it decodes to alone:");
        int width = Math.Max(2, ids.Length == 0 ? 1 : ids.Max().ToString().Length);
        for (int i = 0; i < ids.Length; i++)
        {
            string token = Quote(t.IdToToken(ids[i])!), alone = Quote(t.Decode([ids[i]]));
            Console.WriteLine($"  {i,4}  {ids[i].ToString().PadLeft(width)}  {token,-20} {alone}");
        }
    }

    /// <summary>A JSON string literal that keeps non-ASCII letters readable but shows spaces' edges and control characters.</summary>
    static string Quote(string s) => JsonSerializer.Serialize(s, QuoteOptions);

    static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

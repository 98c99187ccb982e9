using System.Text.Json.Nodes;
using ModeHop.Models.Tokenizers;

namespace ModeHop.Lab;

/// <summary>
/// The lab's word-level tokenizer: text is split on whitespace and each word is one id; unknown words map to
/// &lt;unk&gt;. Saved as a Hugging Face <c>tokenizer.json</c> (model WordLevel, pre-tokenizer WhitespaceSplit), so a lab
/// checkpoint carries its own tokenizer.
/// </summary>
public sealed class WordTokenizer(Vocabulary vocabulary) : ITokenizer
{
    public int VocabSize => vocabulary.Count;

    public int[] Encode(string text)
    {
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var result = new int[parts.Length];
        int unknown = vocabulary.Id(Vocabulary.Unknown);
        for (int i = 0; i < parts.Length; i++) result[i] = vocabulary.Contains(parts[i]) ? vocabulary.Id(parts[i]) : unknown;
        return result;
    }

    public string Decode(ReadOnlySpan<int> ids)
    {
        var words = new string[ids.Length];
        for (int i = 0; i < ids.Length; i++)
            words[i] = ids[i] >= 0 && ids[i] < vocabulary.Count ? vocabulary.Words[ids[i]] : Vocabulary.Unknown;
        return string.Join(' ', words);
    }

    /// <summary>The tokenizer.json text.</summary>
    public string ToJson()
    {
        var vocab = new JsonObject();
        for (int i = 0; i < vocabulary.Count; i++) vocab[vocabulary.Words[i]] = i;
        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(
                new JsonObject { ["id"] = vocabulary.PadId, ["content"] = Vocabulary.Pad, ["special"] = true },
                new JsonObject { ["id"] = vocabulary.Id(Vocabulary.Unknown), ["content"] = Vocabulary.Unknown, ["special"] = true }),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "WhitespaceSplit" },
            ["post_processor"] = null,
            ["decoder"] = null,
            ["model"] = new JsonObject { ["type"] = "WordLevel", ["vocab"] = vocab, ["unk_token"] = Vocabulary.Unknown },
        };
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}

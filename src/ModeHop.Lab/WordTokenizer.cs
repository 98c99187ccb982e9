using System.Text.Json.Nodes;
using ModeHop.Models.Tokenizers;

namespace ModeHop.Lab;

/// <summary>
/// The lab's word-level tokenizer: text is split on whitespace and each word is one id; unknown words map to
/// &lt;unk&gt;. It is a Hugging Face <c>tokenizer.json</c> (model WordLevel, pre-tokenizer WhitespaceSplit, no
/// decoder: ids decode to their words joined by spaces), saved with every lab checkpoint and run by the same
/// <see cref="HfTokenizer"/> that reads real checkpoints' tokenizers, so a lab checkpoint carries its own tokenizer.
/// </summary>
public sealed class WordTokenizer : ITokenizer
{
    readonly Vocabulary vocabulary;
    readonly HfTokenizer tokenizer;

    public WordTokenizer(Vocabulary vocabulary)
    {
        this.vocabulary = vocabulary;
        tokenizer = TokenizerJson.Parse(ToJson(), "the lab's tokenizer.json");
    }

    public int VocabSize => tokenizer.VocabSize;

    public int[] Encode(string text) => tokenizer.Encode(text);

    public string Decode(ReadOnlySpan<int> ids) => tokenizer.Decode(ids);

    /// <summary>The tokenizer.json text (every added-token flag spelled out: Hugging Face refuses the file without them).</summary>
    public string ToJson()
    {
        var vocab = new JsonObject();
        for (int i = 0; i < vocabulary.Count; i++) vocab[vocabulary.Words[i]] = i;
        static JsonObject Special(int id, string content) => new()
        {
            ["id"] = id, ["content"] = content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
        };
        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray(Special(vocabulary.PadId, Vocabulary.Pad), Special(vocabulary.Id(Vocabulary.Unknown), Vocabulary.Unknown)),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "WhitespaceSplit" },
            ["post_processor"] = null,
            ["decoder"] = null,
            ["model"] = new JsonObject { ["type"] = "WordLevel", ["vocab"] = vocab, ["unk_token"] = Vocabulary.Unknown },
        };
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}

using System.Text.Json;
using ModeHop.Models.Tokenizers.Decoders;
using ModeHop.Models.Tokenizers.Normalizers;
using ModeHop.Models.Tokenizers.PreTokenizers;

namespace ModeHop.Models.Tokenizers;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> into an <see cref="HfTokenizer"/>. Supported: model BPE (byte-level
/// like GPT-2 and GPT-NeoX/Pythia, or SentencePiece-style with byte fallback like Llama/Mistral) and WordLevel;
/// the normalizers, pre-tokenizers and decoders listed in <see cref="NormalizerJson.Supported"/>,
/// <see cref="PreTokenizerJson.Supported"/> and <see cref="DecoderJson.Supported"/>. Anything else — another model
/// (Unigram, WordPiece), an unknown component or key, BPE dropout — is an <see cref="InvalidDataException"/> whose
/// one line names the file, the thing and what ModeHop supports, rather than ids that silently differ from Hugging Face's.
/// </summary>
public static class TokenizerJson
{
    public const string SupportedModels = "BPE and WordLevel";

    public static HfTokenizer Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file; expected a Hugging Face tokenizer.json.", path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"{path}: cannot be read ({e.Message}); expected a Hugging Face tokenizer.json.", e);
        }
        return Parse(text, path);
    }

    /// <summary>Reads tokenizer.json text; <paramref name="source"/> names it in errors.</summary>
    public static HfTokenizer Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message}); expected a Hugging Face tokenizer.json.", e);
        }
        using (document)
        {
            var root = new JsonSection(document.RootElement, source, "");
            var addedTokens = AddedVocabulary.Read(source, root.Get("added_tokens"));
            var normalizer = root.OptionalObject("normalizer") is { } n ? NormalizerJson.Read(n) : null;
            var preTokenizer = root.OptionalObject("pre_tokenizer") is { } p ? PreTokenizerJson.Read(p) : null;
            var decoder = root.OptionalObject("decoder") is { } d ? DecoderJson.Read(d) : null;
            var modelSection = root.OptionalObject("model")
                ?? throw root.Error($"missing the object 'model'; expected a Hugging Face tokenizer.json (ModeHop supports the models {SupportedModels}).");
            // Not applied (see HfTokenizer): the post-processor adds BOS/EOS for a model's input, truncation and padding shape batches.
            root.RejectUnknownKeys("version", "truncation", "padding", "post_processor");
            string modelType = modelSection.OptionalString("type")
                ?? throw modelSection.Error($"has no 'type'; ModeHop supports the models {SupportedModels}.");
            ITokenModel model = modelType switch
            {
                "BPE" => BpeModel.Read(modelSection),
                "WordLevel" => WordLevelModel.Read(modelSection),
                _ => throw modelSection.Error($"model type '{modelType}' is not supported; ModeHop supports {SupportedModels}."),
            };
            return new HfTokenizer(source, modelType, new AddedVocabulary(addedTokens), normalizer, preTokenizer, model, decoder);
        }
    }

    /// <summary>A model's <c>vocab</c>: token → id, ids non-negative.</summary>
    internal static Dictionary<string, int> ReadVocab(JsonSection model)
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        if (model.Get("vocab") is not { ValueKind: JsonValueKind.Object } element)
            throw model.Error("missing the object 'vocab' (token → id).");
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0)
                throw model.Error($"vocab entry \"{entry.Name}\" should have a non-negative integer id; found {JsonSection.Describe(entry.Value)}.");
            vocab[entry.Name] = id;
        }
        return vocab;
    }
}

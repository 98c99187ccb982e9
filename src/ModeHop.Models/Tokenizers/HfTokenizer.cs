using ModeHop.Models.Tokenizers.Decoders;
using ModeHop.Models.Tokenizers.Normalizers;
using ModeHop.Models.Tokenizers.PreTokenizers;

namespace ModeHop.Models.Tokenizers;

/// <summary>
/// A Hugging Face tokenizer (from a tokenizer.json, see <see cref="TokenizerJson"/>), run as Hugging Face runs it:
/// <list type="number">
/// <item>added tokens with <c>normalized: false</c> (GPT-2's &lt;|endoftext|&gt;) are cut out of the raw text;</item>
/// <item>each remaining piece is normalized (NFC, Llama's "▁" prefix …), and the other added tokens (NeoX's runs of
/// spaces) are cut out of it;</item>
/// <item>each remaining piece is pre-tokenized (ByteLevel, Metaspace …) and each pre-token goes through the model (BPE, WordLevel).</item>
/// </list>
/// The post-processor is not applied: Encode gives the ids of the text alone (Hugging Face's
/// <c>add_special_tokens=False</c>), so a context and its continuation can be encoded apart and concatenated;
/// no truncation, no padding. Decode keeps special tokens (<c>skip_special_tokens=False</c>). Thread-safe.
/// </summary>
public sealed class HfTokenizer : ITokenizer
{
    readonly AddedVocabulary added;
    readonly INormalizer? normalizer;
    readonly IPreTokenizer? preTokenizer;
    readonly ITokenModel model;
    readonly IDecoder? decoder;
    readonly Dictionary<int, string> idToToken = new();
    readonly Dictionary<string, int> addedIds = new(StringComparer.Ordinal);

    internal HfTokenizer(string source, string modelType, AddedVocabulary added, INormalizer? normalizer, IPreTokenizer? preTokenizer, ITokenModel model, IDecoder? decoder)
    {
        Source = source;
        ModelType = modelType;
        this.added = added;
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.decoder = decoder;
        foreach (var (token, id) in model.Vocab) idToToken[id] = token;
        foreach (var t in added.Tokens)
        {
            idToToken[t.Id] = t.Content;
            addedIds[t.Content] = t.Id;
        }
        VocabSize = idToToken.Count == 0 ? 0 : idToToken.Keys.Max() + 1;
    }

    /// <summary>The file it was read from.</summary>
    public string Source { get; }

    /// <summary>The model type: "BPE" or "WordLevel".</summary>
    public string ModelType { get; }

    /// <summary>One more than the largest id of the vocab and the added tokens: every id Encode gives is below it.</summary>
    public int VocabSize { get; }

    public IReadOnlyList<AddedToken> AddedTokens => added.Tokens;

    /// <summary>The id of a token string (an added token or a vocab entry, as written in tokenizer.json), or null.</summary>
    public int? TokenToId(string token) =>
        addedIds.TryGetValue(token, out int id) || model.Vocab.TryGetValue(token, out id) ? id : null;

    /// <summary>The token string of an id (as written in tokenizer.json, e.g. "Ġthe"), or null when no token has that id.</summary>
    public string? IdToToken(int id) => idToToken.GetValueOrDefault(id);

    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) return [];
        var ids = new List<int>();
        var rawSegments = new List<AddedVocabulary.Segment>();
        var segments = new List<AddedVocabulary.Segment>();
        var preTokens = new List<PreToken>();
        added.Split(text, atStart: true, normalizedText: false, rawSegments);
        foreach (var raw in rawSegments)
        {
            if (raw.Id is { } rawId)
            {
                ids.Add(rawId);
                continue;
            }
            segments.Clear();
            added.Split(normalizer?.Normalize(raw.Text) ?? raw.Text, raw.AtStart, normalizedText: true, segments);
            foreach (var segment in segments)
            {
                if (segment.Id is { } id)
                {
                    ids.Add(id);
                    continue;
                }
                preTokens.Clear();
                var piece = new PreToken(segment.Text, segment.AtStart);
                if (preTokenizer is null) preTokens.Add(piece);
                else preTokenizer.Split(piece, preTokens);
                foreach (var p in preTokens)
                    if (p.Text.Length > 0) model.Tokenize(p.Text, ids);
            }
        }
        return ids.ToArray();
    }

    /// <summary>The text of <paramref name="ids"/>: their token strings through the decoder (joined with spaces when there is none, as in Hugging Face).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id that no token has (a model's padded rows past the tokenizer's vocabulary, for instance).</exception>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var tokens = new List<string>(ids.Length);
        foreach (int id in ids)
            tokens.Add(idToToken.TryGetValue(id, out var token) ? token
                : throw new ArgumentOutOfRangeException(nameof(ids), id, $"{Source}: no token has id {id} (vocab size {VocabSize}); drop such ids before decoding."));
        if (decoder is null) return string.Join(' ', tokens);
        return string.Concat(decoder.DecodeChain(tokens));
    }
}

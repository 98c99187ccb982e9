namespace ModeHop.Models.Tokenizers;

/// <summary>A tokenizer.json <c>model</c>: one pre-tokenized piece → ids, and the vocabulary both ways.</summary>
interface ITokenModel
{
    /// <summary>Appends the ids of <paramref name="piece"/> (non-empty) to <paramref name="ids"/>.</summary>
    void Tokenize(string piece, List<int> ids);

    IReadOnlyDictionary<string, int> Vocab { get; }
}

namespace ModeHop.Models.Tokenizers;

/// <summary><c>WordLevel</c>: each piece is one id, or the id of <c>unk_token</c> when it is not in the vocabulary.</summary>
sealed class WordLevelModel(IReadOnlyDictionary<string, int> vocab, int unknownId) : ITokenModel
{
    public IReadOnlyDictionary<string, int> Vocab => vocab;

    public void Tokenize(string piece, List<int> ids) => ids.Add(vocab.TryGetValue(piece, out int id) ? id : unknownId);

    public static WordLevelModel Read(JsonSection s)
    {
        var vocab = TokenizerJson.ReadVocab(s);
        string unk = s.OptionalString("unk_token") ?? "<unk>";
        s.RejectUnknownKeys();
        return vocab.TryGetValue(unk, out int unknownId)
            ? new WordLevelModel(vocab, unknownId)
            : throw s.Error($"the unk_token \"{unk}\" is not in the vocab; a WordLevel model needs it for words it does not know.");
    }
}

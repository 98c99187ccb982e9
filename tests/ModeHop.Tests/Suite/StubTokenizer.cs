using ModeHop.Models.Tokenizers;

namespace ModeHop.Tests.Suite;

/// <summary>Word-level test tokenizer: splits on whitespace; word ids from a fixed vocabulary, 0 = any unknown word.</summary>
sealed class StubTokenizer(params string[] vocabulary) : ITokenizer
{
    readonly string[] words = ["<unk>", .. vocabulary];

    public int VocabSize => words.Length;

    public int Id(string word)
    {
        int id = Array.IndexOf(words, word);
        return id < 0 ? 0 : id;
    }

    public int[] Encode(string text) =>
        text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(Id).ToArray();

    public string Decode(ReadOnlySpan<int> ids)
    {
        var parts = new string[ids.Length];
        for (int i = 0; i < ids.Length; i++) parts[i] = words[ids[i]];
        return string.Join(' ', parts);
    }
}

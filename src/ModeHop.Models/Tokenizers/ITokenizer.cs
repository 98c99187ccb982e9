namespace ModeHop.Models.Tokenizers;

/// <summary>Text ↔ token ids. Encoding the empty string gives no ids.</summary>
public interface ITokenizer
{
    int VocabSize { get; }

    int[] Encode(string text);

    string Decode(ReadOnlySpan<int> ids);
}

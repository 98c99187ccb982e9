using System.Text;

namespace ModeHop.Models.Tokenizers.Decoders;

/// <summary>
/// <c>ByteLevel</c>: every token written in <see cref="ByteLevelAlphabet"/> gives back its bytes (a token with a
/// character outside the alphabet, such as an added whitespace-run token, gives its own UTF-8 bytes); the bytes of
/// all tokens are then read as UTF-8, an invalid sequence becoming U+FFFD.
/// </summary>
sealed class ByteLevelDecoder : IDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            int mark = bytes.Count;
            foreach (char c in token)
            {
                if (!ByteLevelAlphabet.TryGetByte(c, out byte b))
                {
                    bytes.RemoveRange(mark, bytes.Count - mark);
                    bytes.AddRange(Encoding.UTF8.GetBytes(token));
                    break;
                }
                bytes.Add(b);
            }
        }
        return [Encoding.UTF8.GetString(bytes.ToArray())];
    }
}

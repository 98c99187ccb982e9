namespace ModeHop.Models.Tokenizers;

/// <summary>
/// GPT-2's bytes → unicode map, used by the ByteLevel pre-tokenizer and decoder: the 188 printable bytes
/// ('!'..'~', '¡'..'¬', '®'..'ÿ') stand for themselves and the other 68 (controls, space, U+00AD …) map,
/// in byte order, to U+0100, U+0101, … so that every byte is a visible character (space → 'Ġ', '\n' → 'Ċ').
/// </summary>
static class ByteLevelAlphabet
{
    /// <summary>The character for each byte.</summary>
    public static readonly char[] ByteToChar = Build();

    /// <summary>The byte of each character of the alphabet; -1 for other characters below U+0200.</summary>
    static readonly short[] CharToByte = Inverse();

    static char[] Build()
    {
        var map = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)(256 + n++);
        }
        return map;
    }

    static short[] Inverse()
    {
        var inverse = new short[512];
        Array.Fill(inverse, (short)-1);
        for (int b = 0; b < 256; b++) inverse[ByteToChar[b]] = (short)b;
        return inverse;
    }

    public static bool TryGetByte(char c, out byte value)
    {
        int b = c < CharToByte.Length ? CharToByte[c] : -1;
        value = (byte)b;
        return b >= 0;
    }

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, one alphabet character per byte.</summary>
    public static string Encode(ReadOnlySpan<char> text) =>
        string.Create(System.Text.Encoding.UTF8.GetByteCount(text), text, static (chars, t) =>
        {
            Span<byte> bytes = chars.Length <= 512 ? stackalloc byte[chars.Length] : new byte[chars.Length];
            System.Text.Encoding.UTF8.GetBytes(t, bytes);
            for (int i = 0; i < bytes.Length; i++) chars[i] = ByteToChar[bytes[i]];
        });
}

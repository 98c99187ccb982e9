using System.Reflection;
using System.Text;

namespace ModeHop.Models.Tokenizers.Normalizers;

/// <summary>
/// Canonical Unicode normalisation (NFD and NFC, UAX #15) in managed code. ModeHop runs with
/// InvariantGlobalization, where <see cref="string.Normalize()"/> leaves non-ASCII text unchanged, so a
/// tokenizer whose normalizer is NFC (GPT-NeoX, Pythia) needs its own.
/// NFD: replace every code point by its full canonical decomposition (Hangul syllables algorithmically,
/// S = 0xAC00 + (L·21 + V)·28 + T), then sort each run of non-starters stably by combining class.
/// NFC: NFD, then compose each character C with the last starter L when nothing between them blocks it
/// (a character of class 0 or of class ≥ class(C)) and L C has a primary composite.
/// The tables (normalization.txt, embedded) come from tools/unicode/make_normalization_data.py.
/// </summary>
static class UnicodeNormalization
{
    const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7, LCount = 19, VCount = 21, TCount = 28;
    const int NCount = VCount * TCount, SCount = LCount * NCount;

    /// <summary>Below this code point, text is NFC already and holds no combining mark (the generator asserts it).</summary>
    const int FirstCombining = 0x300;

    /// <summary>Below this code point no character has a canonical decomposition (U+00C0 À is the first).</summary>
    const int FirstDecomposable = 0xC0;

    static readonly Lazy<Tables> Data = new(Tables.Load);

    public static string Nfd(string text) => IsBelow(text, FirstDecomposable) ? text : ToString(Decompose(text));

    public static string Nfc(string text)
    {
        if (IsBelow(text, FirstCombining)) return text;
        var points = Decompose(text);
        Compose(points);
        return ToString(points);
    }

    static bool IsBelow(string text, int limit)
    {
        foreach (char c in text)
            if (c >= limit) return false;
        return true;
    }

    static List<int> Decompose(string text)
    {
        var tables = Data.Value;
        var points = new List<int>(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            int cp = rune.Value;
            if (cp >= SBase && cp < SBase + SCount)
            {
                int s = cp - SBase;
                points.Add(LBase + s / NCount);
                points.Add(VBase + s % NCount / TCount);
                if (s % TCount != 0) points.Add(TBase + s % TCount);
            }
            else if (tables.Decompositions.TryGetValue(cp, out var parts)) points.AddRange(parts);
            else points.Add(cp);
        }
        // Canonical ordering: a stable insertion sort inside each run of non-starters.
        for (int i = 1; i < points.Count; i++)
        {
            int cc = tables.Class(points[i]);
            if (cc == 0) continue;
            int j = i;
            while (j > 0 && tables.Class(points[j - 1]) > cc)
            {
                (points[j - 1], points[j]) = (points[j], points[j - 1]);
                j--;
            }
        }
        return points;
    }

    static void Compose(List<int> points)
    {
        var tables = Data.Value;
        int starter = -1, lastClass = 0, write = 0;
        for (int read = 0; read < points.Count; read++)
        {
            int cp = points[read], cc = tables.Class(cp);
            if (starter >= 0)
            {
                bool adjacent = write - 1 == starter;
                bool blocked = !adjacent && (lastClass == 0 || lastClass >= cc);
                if (!blocked && TryCompose(tables, points[starter], cp, out int composite))
                {
                    points[starter] = composite;
                    continue;
                }
            }
            if (cc == 0) starter = write;
            lastClass = cc;
            points[write++] = cp;
        }
        points.RemoveRange(write, points.Count - write);
    }

    static bool TryCompose(Tables tables, int first, int second, out int composite)
    {
        if (first >= LBase && first < LBase + LCount && second >= VBase && second < VBase + VCount)
        {
            composite = SBase + ((first - LBase) * VCount + second - VBase) * TCount;
            return true;
        }
        if (first >= SBase && first < SBase + SCount && (first - SBase) % TCount == 0 && second > TBase && second < TBase + TCount)
        {
            composite = first + second - TBase;
            return true;
        }
        return tables.Composites.TryGetValue(((long)first << 21) | (uint)second, out composite);
    }

    static string ToString(List<int> points)
    {
        var sb = new StringBuilder(points.Count);
        Span<char> units = stackalloc char[2];
        foreach (int cp in points) sb.Append(units[..new Rune(cp).EncodeToUtf16(units)]);
        return sb.ToString();
    }

    sealed class Tables
    {
        public readonly Dictionary<int, byte> Classes = new();
        public readonly Dictionary<int, int[]> Decompositions = new();
        public readonly Dictionary<long, int> Composites = new();

        public int Class(int cp) => cp < FirstCombining ? 0 : Classes.TryGetValue(cp, out byte c) ? c : 0;

        public static Tables Load()
        {
            const string name = "ModeHop.Models.Tokenizers.Normalizers.normalization.txt";
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The embedded resource {name} is missing from ModeHop.Models; rebuild the project.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var tables = new Tables();
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0 || line[0] == '#') continue;
                var f = line.Split(' ');
                switch (f[0])
                {
                    case "c": tables.Classes[Hex(f[1])] = byte.Parse(f[2]); break;
                    case "d": tables.Decompositions[Hex(f[1])] = f.Skip(2).Select(Hex).ToArray(); break;
                    case "p": tables.Composites[((long)Hex(f[1]) << 21) | (uint)Hex(f[2])] = Hex(f[3]); break;
                    default: throw new InvalidOperationException($"{name}: unknown line '{line}'; regenerate it with tools/unicode/make_normalization_data.py.");
                }
            }
            return tables;
        }

        static int Hex(string s) => int.Parse(s, System.Globalization.NumberStyles.HexNumber);
    }
}

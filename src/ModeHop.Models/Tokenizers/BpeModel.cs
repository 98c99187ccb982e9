using System.Collections.Concurrent;

namespace ModeHop.Models.Tokenizers;

/// <summary>
/// <c>BPE</c>: a piece starts as one symbol per character (a character not in the vocab becomes its UTF-8 byte
/// tokens <c>&lt;0xNN&gt;</c> with <c>byte_fallback</c>, else <c>unk_token</c> — consecutive ones fused into one with
/// <c>fuse_unk</c> — else it is dropped, as in Hugging Face), then the adjacent pair of lowest merge rank is merged,
/// the leftmost one on ties, until no adjacent pair has a merge. That is Hugging Face's order (a heap of
/// (rank, position)), which gives the same result as GPT-2's "merge every occurrence of the best pair".
/// Merges are looked up by the pair of ids: (left, right) → (rank, merged id). Results are cached per piece.
/// </summary>
sealed class BpeModel : ITokenModel
{
    /// <summary>Pieces kept in the cache, at most (Hugging Face keeps 10 000 too); pieces longer than <see cref="CacheMaxLength"/> are not kept.</summary>
    public const int CacheCapacity = 10_000, CacheMaxLength = 256;

    readonly Dictionary<string, int> vocab;
    readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> vocabBySpan; // a symbol looked up without making its string
    readonly Dictionary<long, (int Rank, int Merged)> merges;
    readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);
    readonly int? unknownId;
    readonly bool fuseUnknown, byteFallback, ignoreMerges;
    readonly string? prefix, suffix;
    readonly int[] byteIds;
    int cached;

    BpeModel(Dictionary<string, int> vocab, Dictionary<long, (int, int)> merges, int? unknownId, bool fuseUnknown, bool byteFallback,
        bool ignoreMerges, string? prefix, string? suffix)
    {
        this.vocab = vocab;
        vocabBySpan = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        this.merges = merges;
        this.unknownId = unknownId;
        this.fuseUnknown = fuseUnknown;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.prefix = prefix;
        this.suffix = suffix;
        byteIds = new int[256];
        for (int b = 0; b < 256; b++) byteIds[b] = vocab.TryGetValue($"<0x{b:X2}>", out int id) ? id : -1;
    }

    public IReadOnlyDictionary<string, int> Vocab => vocab;

    static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    public void Tokenize(string piece, List<int> ids)
    {
        if (ignoreMerges && vocab.TryGetValue(piece, out int whole))
        {
            ids.Add(whole);
            return;
        }
        if (cache.TryGetValue(piece, out var hit))
        {
            ids.AddRange(hit);
            return;
        }
        var result = Merge(Symbols(piece));
        if (piece.Length < CacheMaxLength && Volatile.Read(ref cached) < CacheCapacity && cache.TryAdd(piece, result))
            Interlocked.Increment(ref cached);
        ids.AddRange(result);
    }

    /// <summary>The starting symbols of a piece, one per character (see the class comment).</summary>
    List<int> Symbols(string piece)
    {
        var symbols = new List<int>(piece.Length);
        int pendingUnknown = 0;   // unknown characters waiting to become unk ids (fused or not)
        int longest = (prefix?.Length ?? 0) + 2 + (suffix?.Length ?? 0);
        Span<char> buffer = longest <= 64 ? stackalloc char[longest] : new char[longest]; // [prefix] character [suffix]
        int i = 0;
        while (i < piece.Length)
        {
            int length = char.IsHighSurrogate(piece[i]) && i + 1 < piece.Length && char.IsLowSurrogate(piece[i + 1]) ? 2 : 1;
            int n = 0;
            if (i > 0 && prefix is not null) n = Append(buffer, n, prefix);
            n = Append(buffer, n, piece.AsSpan(i, length));
            if (i + length == piece.Length && suffix is not null) n = Append(buffer, n, suffix);
            ReadOnlySpan<char> c = buffer[..n];
            i += length;
            if (vocabBySpan.TryGetValue(c, out int id))
            {
                FlushUnknown(symbols, ref pendingUnknown);
                symbols.Add(id);
                continue;
            }
            if (byteFallback && TryBytes(c, symbols)) continue;
            if (unknownId is null) continue;
            if (!fuseUnknown) FlushUnknown(symbols, ref pendingUnknown);
            pendingUnknown = fuseUnknown ? 1 : pendingUnknown + 1;
        }
        FlushUnknown(symbols, ref pendingUnknown);
        return symbols;
    }

    static int Append(Span<char> buffer, int at, ReadOnlySpan<char> text)
    {
        text.CopyTo(buffer[at..]);
        return at + text.Length;
    }

    void FlushUnknown(List<int> symbols, ref int pending)
    {
        for (; pending > 0; pending--) symbols.Add(unknownId!.Value);
    }

    /// <summary>Adds the byte tokens of <paramref name="c"/>'s UTF-8 bytes, if the vocab has all of them.</summary>
    bool TryBytes(ReadOnlySpan<char> c, List<int> symbols)
    {
        int count = System.Text.Encoding.UTF8.GetByteCount(c);
        Span<byte> bytes = count <= 256 ? stackalloc byte[count] : new byte[count];
        System.Text.Encoding.UTF8.GetBytes(c, bytes);
        foreach (byte b in bytes)
            if (byteIds[b] < 0) return false;
        foreach (byte b in bytes) symbols.Add(byteIds[b]);
        return true;
    }

    /// <summary>Merges the symbols in place as a doubly linked list with a heap of candidate pairs; returns the ids left.</summary>
    int[] Merge(List<int> symbols)
    {
        int n = symbols.Count;
        if (n < 2 || merges.Count == 0) return symbols.ToArray();
        var id = symbols.ToArray();
        var next = new int[n];
        var previous = new int[n];
        var alive = new bool[n];
        for (int i = 0; i < n; i++)
        {
            next[i] = i + 1 < n ? i + 1 : -1;
            previous[i] = i - 1;
            alive[i] = true;
        }
        // (position of the left symbol, merged id), ordered by (rank, position)
        var queue = new PriorityQueue<(int Position, int Merged), (int Rank, int Position)>();
        void Offer(int left)
        {
            int right = next[left];
            if (right >= 0 && merges.TryGetValue(Key(id[left], id[right]), out var m)) queue.Enqueue((left, m.Merged), (m.Rank, left));
        }
        for (int i = 0; i + 1 < n; i++) Offer(i);

        while (queue.TryDequeue(out var top, out _))
        {
            int left = top.Position, right = next[left];
            // A stale entry: its left symbol was merged away, or its pair no longer stands there.
            if (!alive[left] || right < 0 || !merges.TryGetValue(Key(id[left], id[right]), out var m) || m.Merged != top.Merged) continue;
            id[left] = top.Merged;
            alive[right] = false;
            next[left] = next[right];
            if (next[right] >= 0) previous[next[right]] = left;
            if (previous[left] >= 0) Offer(previous[left]);
            Offer(left);
        }
        var result = new List<int>();
        for (int i = 0; i >= 0; i = next[i]) result.Add(id[i]);
        return result.ToArray();
    }

    public static BpeModel Read(JsonSection s)
    {
        if (s.Get("dropout") is { } dropout && !(dropout.TryGetDouble(out double p) && p == 0))
            throw s.Error($"'dropout' is {JsonSection.Describe(dropout)}; ModeHop encodes deterministically and supports only \"dropout\": null.");
        var vocab = TokenizerJson.ReadVocab(s);
        string? unk = s.OptionalString("unk_token"), prefix = s.OptionalString("continuing_subword_prefix"), suffix = s.OptionalString("end_of_word_suffix");
        bool fuse = s.Bool("fuse_unk", false), byteFallback = s.Bool("byte_fallback", false), ignoreMerges = s.Bool("ignore_merges", false);
        var merges = ReadMerges(s, vocab, prefix?.Length ?? 0);
        s.RejectUnknownKeys();
        int? unknownId = null;
        if (unk is not null)
            unknownId = vocab.TryGetValue(unk, out int u) ? u : throw s.Error($"the unk_token \"{unk}\" is not in the vocab; add it or set \"unk_token\": null.");
        return new BpeModel(vocab, merges, unknownId, fuse, byteFallback, ignoreMerges, prefix, suffix);
    }

    /// <summary>
    /// Merges in either encoding, <c>["a b", …]</c> (the older one, split at its single space) or <c>[["a", "b"], …]</c>;
    /// the rank is the position. With a <c>continuing_subword_prefix</c>, "a" + "##b" makes "ab" (the prefix of the right one dropped).
    /// </summary>
    static Dictionary<long, (int, int)> ReadMerges(JsonSection s, Dictionary<string, int> vocab, int prefixLength)
    {
        if (s.Get("merges") is null) throw s.Error("missing 'merges'; a BPE model needs its merge list (an empty one is [ ]).");
        var result = new Dictionary<long, (int, int)>();
        int rank = 0;
        foreach (var e in s.Array("merges"))
        {
            (string Left, string Right) pair = e.ValueKind switch
            {
                System.Text.Json.JsonValueKind.String when e.GetString()!.Split(' ') is [var a, var b] => (a, b),
                System.Text.Json.JsonValueKind.Array when e.GetArrayLength() == 2 && e[0].ValueKind == System.Text.Json.JsonValueKind.String
                    && e[1].ValueKind == System.Text.Json.JsonValueKind.String => (e[0].GetString()!, e[1].GetString()!),
                _ => throw s.Error($"merge {rank} is {JsonSection.Describe(e)}; expected \"left right\" (one space) or [\"left\", \"right\"]."),
            };
            int Id(string token) => vocab.TryGetValue(token, out int id) ? id
                : throw s.Error($"merge {rank} ({pair.Left} {pair.Right}) uses \"{token}\", which is not in the vocab; the file is inconsistent.");
            int left = Id(pair.Left), right = Id(pair.Right);
            if (pair.Right.Length < prefixLength) throw s.Error($"merge {rank}: \"{pair.Right}\" is shorter than the continuing_subword_prefix.");
            int merged = Id(pair.Left + pair.Right[prefixLength..]);
            result[Key(left, right)] = (rank, merged);
            rank++;
        }
        return result;
    }
}

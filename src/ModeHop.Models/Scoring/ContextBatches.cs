using ModeHop.Models.Transformer;
using ModeHop.Tensors;

namespace ModeHop.Models.Scoring;

/// <summary>
/// How the scorer and the sampler group requests: by context length, so that padding is short, and under a budget of
/// tokens, so that a batch's intermediates and caches stay bounded whatever the number of requests.
/// </summary>
internal static class ContextBatches
{
    /// <summary>
    /// Request indices in batches: ordered by context length (ties by index), a batch taking requests while it has at
    /// most <paramref name="sequencesPerBatch"/> contexts, at most <paramref name="tokensPerBatch"/> context tokens
    /// counted with padding (contexts × longest), and at most that many tokens of <paramref name="extraTokens"/>
    /// (the continuation rows each request adds). A request over budget on its own gets a batch of its own.
    /// </summary>
    public static List<int[]> Plan(IReadOnlyList<int> contextLengths, IReadOnlyList<long> extraTokens, int sequencesPerBatch, int tokensPerBatch)
    {
        var batches = new List<int[]>();
        var current = new List<int>();
        long extra = 0;
        foreach (int i in Enumerable.Range(0, contextLengths.Count).OrderBy(i => contextLengths[i]))
        {
            // Ascending order: request i is the longest of the batch it joins.
            bool fits = current.Count < sequencesPerBatch
                && (long)(current.Count + 1) * contextLengths[i] <= tokensPerBatch
                && extra + extraTokens[i] <= tokensPerBatch;
            if (!fits && current.Count > 0)
            {
                batches.Add([.. current]);
                current.Clear();
                extra = 0;
            }
            current.Add(i);
            extra += extraTokens[i];
        }
        if (current.Count > 0) batches.Add([.. current]);
        return batches;
    }

    /// <summary>Rows of tokens right-padded with id 0 into ids [B·T]; T is the longest row.</summary>
    public static (int[] Ids, int SeqLen, int[] Lengths) Pad(IReadOnlyList<ReadOnlyMemory<int>> rows)
    {
        int T = rows.Max(r => r.Length);
        var ids = new int[rows.Count * T];
        var lengths = new int[rows.Count];
        for (int b = 0; b < rows.Count; b++)
        {
            rows[b].Span.CopyTo(ids.AsSpan(b * T));
            lengths[b] = rows[b].Length;
        }
        return (ids, T, lengths);
    }

    /// <summary>
    /// Runs <paramref name="contexts"/> into rows 0..N−1 of <paramref name="root"/> (reset to fit them) and returns the
    /// logits [N, V] at each context's last token: the distribution of the first continuation token.
    /// </summary>
    public static Tensor RunContexts(TransformerInference inference, KvCache root, IReadOnlyList<ReadOnlyMemory<int>> contexts)
    {
        var (ids, T, lengths) = Pad(contexts);
        int N = contexts.Count;
        root.Reset(N, T);
        var rows = Enumerable.Range(0, N).ToArray();
        var lastTokens = rows.Select(n => n * T + lengths[n] - 1).ToArray();
        return inference.Extend(root, ids, N, T, rows, lengths, lastTokens);
    }

    /// <summary>Every real token of a padded batch as a flat read index b·T + t, row by row.</summary>
    public static int[] AllTokens(int[] lengths, int seqLen) =>
        lengths.SelectMany((n, b) => Enumerable.Range(b * seqLen, n)).ToArray();

    /// <summary>Throws unless every id is a row of the model's vocabulary, naming the request and the id.</summary>
    public static void CheckIds(ReadOnlySpan<int> ids, int vocabSize, string where)
    {
        foreach (int id in ids)
            if ((uint)id >= (uint)vocabSize)
                throw new ArgumentException($"{where} holds token id {id}, outside the model's vocabulary of {vocabSize}; check the tokenizer matches the model.");
    }

    /// <summary>Throws when a request needs more positions than the model has.</summary>
    public static void CheckLength(long tokens, int maxSeqLen, string where)
    {
        if (tokens > maxSeqLen)
            throw new ArgumentException($"{where} needs {tokens} tokens of context and continuation; the model reads at most {maxSeqLen}. Shorten the context.");
    }
}

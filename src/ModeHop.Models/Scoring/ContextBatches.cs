using ModeHop.Models.Transformer;
using ModeHop.Tensors;

namespace ModeHop.Models.Scoring;

/// <summary>
/// What the scorer and the sampler share: how they group requests (by context length, so that padding is short, and
/// under a budget of tokens, so that a batch's intermediates and caches stay bounded whatever the number of requests),
/// the model's inference runner, and two caches reused from batch to batch: <see cref="Contexts"/> for a batch's
/// contexts and <see cref="Continuations"/> for the rows that continue them. Not thread-safe.
/// </summary>
internal sealed class ContextBatches
{
    readonly int sequencesPerBatch, tokensPerBatch;

    public TransformerModel Model { get; }
    public TransformerInference Inference { get; }
    public KvCache Contexts { get; }
    public KvCache Continuations { get; }

    public ContextBatches(TransformerModel model, int sequencesPerBatch, int tokensPerBatch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequencesPerBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokensPerBatch, 1);
        this.sequencesPerBatch = sequencesPerBatch;
        this.tokensPerBatch = tokensPerBatch;
        Model = model;
        Inference = new TransformerInference(model);
        Contexts = new KvCache(model.Config, 0, 1);
        Continuations = new KvCache(Contexts, [], 1);
    }

    /// <summary>Floats held between calls: the inference tapes' pools and both caches.</summary>
    public long HeldFloats => Inference.PooledFloats + Contexts.HeldFloats + Continuations.HeldFloats;

    /// <summary>
    /// Request indices in batches: ordered by context length (ties by index), a batch taking requests while it has at
    /// most sequencesPerBatch contexts, at most tokensPerBatch context tokens counted with padding (contexts ×
    /// longest), and at most that many tokens of <paramref name="extraTokens"/> (the continuation rows each request
    /// adds). A request over budget on its own gets a batch of its own.
    /// </summary>
    public List<int[]> Plan(IReadOnlyList<int> contextLengths, IReadOnlyList<long> extraTokens)
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
    /// Runs <paramref name="contexts"/> into rows 0..N−1 of <see cref="Contexts"/> (reset to fit them) and returns the
    /// logits [N, V] at each context's last token: the distribution of the first continuation token.
    /// </summary>
    public Tensor RunContexts(IReadOnlyList<ReadOnlyMemory<int>> contexts)
    {
        var (ids, T, lengths) = Pad(contexts);
        int N = contexts.Count;
        Contexts.Reset(N, T);
        var lastTokens = Enumerable.Range(0, N).Select(n => n * T + lengths[n] - 1).ToArray();
        return Inference.Extend(Contexts, ids, N, T, Enumerable.Range(0, N).ToArray(), lengths, lastTokens);
    }

    /// <summary>
    /// Runs <paramref name="rows"/> as rows 0..S−1 of <see cref="Continuations"/>, reset so that row s continues context
    /// row <paramref name="parents"/>[s], and returns the logits [R, V] at every real token, row by row, with the
    /// padded batch's row length.
    /// </summary>
    public (Tensor Logits, int[] Reads, int SeqLen) RunContinuations(IReadOnlyList<ReadOnlyMemory<int>> rows, int[] parents)
    {
        var (ids, T, lengths) = Pad(rows);
        Continuations.Reset(Contexts, parents, T);
        var reads = AllTokens(lengths, T);
        return (Inference.Extend(Continuations, ids, rows.Count, T, Enumerable.Range(0, rows.Count).ToArray(), lengths, reads), reads, T);
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

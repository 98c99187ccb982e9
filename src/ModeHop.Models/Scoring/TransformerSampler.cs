using System.Numerics.Tensors;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;

namespace ModeHop.Models.Scoring;

/// <summary>
/// Samples continuations with a <see cref="TransformerModel"/> through <see cref="TransformerInference"/>, batched like
/// <see cref="TransformerScorer"/>: each batch's contexts run once into a <see cref="KvCache"/>, then a request's
/// samples are rows continuing its context's cache row, grown one token per step (each step stores one key and value
/// per row and attends to the context and the row's own tokens). Token k of sample s of a request is drawn from
/// softmax(logits / temperature) with <c>Rng.ForStream(request.Seed, s)</c>, so it depends on the request alone, not
/// on the batch it ran in; temperature 0 takes the argmax (the lowest id among equal logits). Samples run to
/// <see cref="SampleRequest.MaxNewTokens"/>: stopping is the caller's. Logits cover the model's whole (possibly padded)
/// vocabulary.
/// </summary>
public sealed class TransformerSampler : ISequenceSampler
{
    readonly TransformerModel model;
    readonly ContextBatches batches;
    readonly float[] weights; // [V] scratch of one draw

    public TransformerSampler(TransformerModel model, int sequencesPerBatch = 64, int tokensPerBatch = TransformerScorer.DefaultTokensPerBatch)
    {
        batches = new ContextBatches(model, sequencesPerBatch, tokensPerBatch);
        this.model = model;
        weights = new float[model.Config.VocabSize];
    }

    public int[][][] Sample(IReadOnlyList<SampleRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        int V = model.Config.VocabSize;
        var result = new int[requests.Count][][];
        var todo = new List<int>();
        for (int r = 0; r < requests.Count; r++)
        {
            var q = requests[r];
            Check(q, r);
            result[r] = Enumerable.Range(0, q.Samples).Select(_ => new int[q.MaxNewTokens]).ToArray();
            if (q.Samples > 0 && q.MaxNewTokens > 0) todo.Add(r);
        }
        var sampleTokens = todo.Select(r => (long)requests[r].Samples * requests[r].MaxNewTokens).ToArray();
        foreach (var planned in batches.Plan(todo.Select(r => requests[r].Context.Length).ToArray(), sampleTokens))
        {
            var batch = planned.Select(i => todo[i]).ToArray();
            var logits = batches.RunContexts(batch.Select(r => (ReadOnlyMemory<int>)requests[r].Context).ToArray());
            // One row per (request, sample); its first token comes from the context's last logits.
            var rows = new List<(int Request, int Sample, Rng Rng)>();
            var parents = new List<int>();
            for (int n = 0; n < batch.Length; n++)
            {
                var q = requests[batch[n]];
                for (int s = 0; s < q.Samples; s++)
                {
                    var rng = Rng.ForStream(q.Seed, (ulong)s);
                    result[batch[n]][s][0] = Draw(logits.Data.AsSpan(n * V, V), q.Temperature, rng);
                    rows.Add((batch[n], s, rng));
                    parents.Add(n);
                }
            }
            int steps = batch.Max(r => requests[r].MaxNewTokens);
            if (steps < 2) continue;
            var samples = batches.Continuations;
            samples.Reset(batches.Contexts, parents.ToArray(), steps - 1);
            // Every step feeds one token per active row and reads it: lengths of 1, reads 0..A−1 (prefixes of these).
            var ones = Enumerable.Repeat(1, rows.Count).ToArray();
            var order = Enumerable.Range(0, rows.Count).ToArray();
            for (int k = 1; k < steps; k++)
            {
                // Rows still short of their request's length feed their last token and draw the next.
                var active = Enumerable.Range(0, rows.Count).Where(i => requests[rows[i].Request].MaxNewTokens > k).ToArray();
                var ids = active.Select(i => result[rows[i].Request][rows[i].Sample][k - 1]).ToArray();
                int A = active.Length;
                logits = batches.Inference.Extend(samples, ids, A, 1, active, ones.AsSpan(0, A), order.AsSpan(0, A));
                for (int a = 0; a < A; a++)
                {
                    var (r, s, rng) = rows[active[a]];
                    result[r][s][k] = Draw(logits.Data.AsSpan(a * V, V), requests[r].Temperature, rng);
                }
            }
        }
        return result;
    }

    /// <summary>
    /// A token from softmax(logits / temperature): u = uniform·Σ w, the first id whose running sum of
    /// w_j = exp((l_j − max)/temperature) passes u (sums in double). Temperature 0: the first argmax.
    /// </summary>
    int Draw(ReadOnlySpan<float> logits, float temperature, Rng rng)
    {
        if (temperature == 0f) return TensorPrimitives.IndexOfMax(logits);
        var w = weights.AsSpan(0, logits.Length);
        TensorPrimitives.Subtract(logits, TensorPrimitives.Max(logits), w);
        TensorPrimitives.Multiply(w, 1f / temperature, w);
        TensorPrimitives.Exp(w, w);
        double total = 0;
        foreach (float x in w) total += x;
        double u = rng.NextDouble() * total, sum = 0;
        int last = 0;
        for (int j = 0; j < w.Length; j++)
        {
            if (w[j] == 0f) continue;
            sum += w[j];
            last = j;
            if (u < sum) return j;
        }
        return last; // u fell past the sum by rounding: the last id of positive weight
    }

    void Check(SampleRequest q, int r)
    {
        var c = model.Config;
        ArgumentNullException.ThrowIfNull(q, $"requests[{r}]");
        if (q.Context is null || q.Context.Length == 0) throw new ArgumentException($"Sample request {r} has an empty context.");
        if (q.Samples < 0 || q.MaxNewTokens < 0)
            throw new ArgumentException($"Sample request {r} asks for {q.Samples} samples of {q.MaxNewTokens} tokens; both must be at least 0.");
        if (!(q.Temperature >= 0f) || float.IsInfinity(q.Temperature))
            throw new ArgumentException($"Sample request {r} has temperature {q.Temperature}; it must be finite and at least 0 (0 = greedy).");
        ContextBatches.CheckIds(q.Context, c.VocabSize, $"Sample request {r}'s context");
        if (q.MaxNewTokens > 0)
            ContextBatches.CheckLength(q.Context.Length + q.MaxNewTokens - 1L, c.MaxSeqLen, $"Sample request {r}");
    }
}

using ModeHop.Models.Transformer;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>
/// Inference over the probe batch in padded batches: examples sorted by length (ties by index) and grouped while
/// the padded batch holds at most <see cref="TokenBudget"/> tokens, padding at the end of each row (causal attention
/// never lets a real token see it). One batched pass replaces dozens of batch-1 passes, while the budget bounds the
/// memory of a long-context model (its hidden states at every depth, its KV cache).
/// </summary>
public static class ProbeBatches
{
    public const int TokenBudget = 4096;

    /// <summary>Example indices per batch, every example in exactly one batch.</summary>
    public static IReadOnlyList<int[]> Plan(IReadOnlyList<int> lengths, int tokenBudget = TokenBudget)
    {
        var order = Enumerable.Range(0, lengths.Count).OrderBy(i => lengths[i]).ThenBy(i => i).ToArray();
        var batches = new List<int[]>();
        var current = new List<int>();
        foreach (int i in order)
        {
            if (current.Count > 0 && (current.Count + 1L) * lengths[i] > tokenBudget)
            {
                batches.Add([.. current]);
                current.Clear();
            }
            current.Add(i);
        }
        if (current.Count > 0) batches.Add([.. current]);
        return batches;
    }

    /// <summary>The rows end-padded with token 0 to the longest: ids [B·T] and T.</summary>
    public static (int[] Ids, int SeqLen) Pad(IReadOnlyList<int[]> rows)
    {
        int T = rows.Max(r => r.Length);
        var ids = new int[rows.Count * T];
        for (int b = 0; b < rows.Count; b++) rows[b].CopyTo(ids, b * T);
        return (ids, T);
    }

    /// <summary>
    /// The residual stream at each example's last token at every depth: [L+1][N·C], row i of depth l the stream after
    /// block l (0: the embeddings) at example i's last token.
    /// </summary>
    public static double[][] LastTokenStates(TransformerModel model, IReadOnlyList<ProbeExample> examples)
    {
        int N = examples.Count, C = model.Config.Channels, depths = model.Blocks.Count + 1;
        var result = Enumerable.Range(0, depths).Select(_ => new double[N * C]).ToArray();  // [L+1][N, C]
        foreach (var batch in Plan(examples.Select(e => e.Tokens.Length).ToArray()))
        {
            var (ids, T) = Pad(batch.Select(i => examples[i].Tokens).ToArray());
            var states = model.HiddenStates(ids, batch.Length, T);                          // [L+1][B·T·C]
            for (int b = 0; b < batch.Length; b++)
            {
                int i = batch[b], last = b * T + examples[i].Tokens.Length - 1;
                for (int l = 0; l < depths; l++)
                    for (int c = 0; c < C; c++) result[l][i * C + c] = states[l][last * C + c];
            }
        }
        return result;
    }

    /// <summary>
    /// The probe loss: the mean over examples of each one's mean next-token cross-entropy over its prompt (<see cref="ProbeExample.Targets"/>),
    /// teacher-forced, through the inference path (<see cref="TransformerInference"/>).
    /// </summary>
    public static double ProbeLoss(TransformerModel model, IReadOnlyList<ProbeExample> examples)
    {
        var inference = new TransformerInference(model);
        var cache = new KvCache(model.Config, 1, 1);
        int V = model.Config.VocabSize;
        double sum = 0;
        foreach (var batch in Plan(examples.Select(e => e.Tokens.Length - 1).ToArray()))
        {
            var inputs = batch.Select(i => examples[i].Inputs).ToArray();
            var (ids, T) = Pad(inputs);
            var reads = new List<int>();
            var targets = new List<(int Row, int Target)>();
            for (int b = 0; b < batch.Length; b++)
            {
                var t = examples[batch[b]].Targets;
                for (int p = 0; p < t.Length; p++)
                    if (t[p] >= 0)
                    {
                        reads.Add(b * T + p);
                        targets.Add((b, t[p]));
                    }
            }
            cache.Reset(batch.Length, T);
            var logits = inference.Extend(cache, ids, batch.Length, T, Enumerable.Range(0, batch.Length).ToArray(),
                inputs.Select(r => r.Length).ToArray(), reads.ToArray()).Data;                  // [R, V]
            var perRow = new double[batch.Length];
            var counts = new int[batch.Length];
            for (int r = 0; r < targets.Count; r++)
            {
                var row = logits.AsSpan(r * V, V);
                double max = double.NegativeInfinity, total = 0;
                foreach (float z in row) max = Math.Max(max, z);
                foreach (float z in row) total += Math.Exp(z - max);
                perRow[targets[r].Row] += max + Math.Log(total) - row[targets[r].Target];
                counts[targets[r].Row]++;
            }
            for (int b = 0; b < batch.Length; b++) sum += perRow[b] / counts[b];
        }
        return sum / examples.Count;
    }
}

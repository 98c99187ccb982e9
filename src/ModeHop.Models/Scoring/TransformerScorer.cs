using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Tensors.Kernels;

namespace ModeHop.Models.Scoring;

/// <summary>
/// Scores continuations with a <see cref="TransformerModel"/> by teacher forcing, without recording a tape. When every
/// continuation of a request is one token, the context is run once and all of them are read from its last position
/// (the shared prompt computed once); otherwise each continuation runs as context + continuation. Sequences are
/// right-padded into batches: with causal attention padding never changes the positions read.
/// </summary>
public sealed class TransformerScorer(TransformerModel model, int sequencesPerBatch = 64) : ISequenceScorer
{
    public float[][][] Score(IReadOnlyList<ScoreRequest> requests)
    {
        // Each sequence is (tokens, reads): reads[i] = (position, token, request, continuation, index).
        var sequences = new List<(int[] Tokens, List<Read> Reads)>();
        var result = new float[requests.Count][][];
        for (int r = 0; r < requests.Count; r++)
        {
            var q = requests[r];
            if (q.Context.Length == 0) throw new ArgumentException($"Score request {r} has an empty context.");
            result[r] = new float[q.Continuations.Count][];
            for (int c = 0; c < q.Continuations.Count; c++)
            {
                if (q.Continuations[c].Length == 0) throw new ArgumentException($"Score request {r}, continuation {c} is empty.");
                result[r][c] = new float[q.Continuations[c].Length];
            }
            if (q.Continuations.All(c => c.Length == 1))
            {
                var reads = q.Continuations.Select((c, ci) => new Read(q.Context.Length - 1, c[0], r, ci, 0)).ToList();
                sequences.Add((q.Context, reads));
                continue;
            }
            for (int c = 0; c < q.Continuations.Count; c++)
            {
                var cont = q.Continuations[c];
                var tokens = q.Context.Concat(cont[..^1]).ToArray();
                var reads = Enumerable.Range(0, cont.Length).Select(i => new Read(q.Context.Length - 1 + i, cont[i], r, c, i)).ToList();
                sequences.Add((tokens, reads));
            }
        }

        var tape = new Tape { Recording = false };
        int V = model.Config.VocabSize;
        for (int start = 0; start < sequences.Count; start += sequencesPerBatch)
        {
            var batch = sequences.GetRange(start, Math.Min(sequencesPerBatch, sequences.Count - start));
            int B = batch.Count, T = batch.Max(s => s.Tokens.Length);
            if (T > model.Config.MaxSeqLen)
                throw new ArgumentException($"A scored sequence has {T} tokens; the model reads at most {model.Config.MaxSeqLen}.");
            var ids = new int[B * T];
            for (int b = 0; b < B; b++) batch[b].Tokens.CopyTo(ids, b * T);
            var logits = model.Forward(tape, ids, B, T); // [B, T, V]
            for (int b = 0; b < B; b++)
            {
                int position = -1;
                float lse = 0;
                foreach (var read in batch[b].Reads) // reads of one position are adjacent: its log-sum-exp is computed once
                {
                    var row = new ReadOnlySpan<float>(logits.Data, (b * T + read.Position) * V, V);
                    if (read.Position != position) (position, lse) = (read.Position, LogSoftmaxKernel.LogSumExp(row));
                    result[read.Request][read.Continuation][read.Index] = row[read.Token] - lse;
                }
            }
            tape.Reset();
        }
        return result;
    }

    readonly record struct Read(int Position, int Token, int Request, int Continuation, int Index);
}

using ModeHop.Tensors;

namespace ModeHop.Training.Data;

/// <summary>
/// The built-in synthetic corpus: text from a sparse random Markov chain over the vocabulary,
/// interrupted by copies of earlier spans (a reason for induction/copy circuits to form) and by
/// enumerations t, t+1, t+2, … (a reason for successor circuits). Every row of every step is drawn
/// from its own random stream, so the corpus needs no state to resume.
/// </summary>
public sealed class MarkovCorpus : IBatchSource
{
    const int Successors = 4;              // each token has 4 likely next tokens
    const double CopyProbability = 0.06;    // chance, per token, of starting a copied span
    const double EnumProbability = 0.03;    // chance, per token, of starting an enumeration

    readonly ulong seed;
    readonly int vocabSize;
    readonly int[] next;                   // [V, Successors] successor ids
    readonly double[] cumulative;          // Zipf-like successor probabilities, cumulative

    public MarkovCorpus(ulong seed, int vocabSize)
    {
        if (vocabSize < 8) throw new ArgumentException($"The Markov corpus needs a vocabulary of at least 8 tokens, got {vocabSize}.");
        this.seed = seed;
        this.vocabSize = vocabSize;
        var rng = Rng.ForStream(seed, 0xC0FFEE);
        next = new int[vocabSize * Successors];
        for (int i = 0; i < next.Length; i++) next[i] = rng.NextInt(vocabSize);
        cumulative = new double[Successors];
        double total = 0;
        for (int k = 0; k < Successors; k++) total += 1.0 / (k + 1);
        double acc = 0;
        for (int k = 0; k < Successors; k++) cumulative[k] = acc += 1.0 / (k + 1) / total;
    }

    public string Describe() => $"markov(seed={seed}, vocab={vocabSize})";

    public void Fill(long step, int batchSize, int seqLen, Span<int> inputs, Span<int> targets)
    {
        int B = batchSize, T = seqLen;
        Span<int> row = T + 1 <= 4096 ? stackalloc int[T + 1] : new int[T + 1];
        for (int b = 0; b < B; b++)
        {
            Generate(Rng.ForStream(seed, (ulong)step, (ulong)b), row);
            row[..T].CopyTo(inputs.Slice(b * T, T));
            row[1..].CopyTo(targets.Slice(b * T, T));
        }
    }

    /// <summary>One sequence of tokens.</summary>
    public void Generate(Rng rng, Span<int> tokens)
    {
        int V = vocabSize;
        tokens[0] = rng.NextInt(V);
        int i = 1;
        while (i < tokens.Length)
        {
            double u = rng.NextDouble();
            if (u < CopyProbability && i >= 8)
            {
                int length = Math.Min(4 + rng.NextInt(13), tokens.Length - i);
                int from = rng.NextInt(i - 4);
                for (int k = 0; k < length; k++, i++) tokens[i] = tokens[from + k];
            }
            else if (u < CopyProbability + EnumProbability)
            {
                int length = Math.Min(4 + rng.NextInt(7), tokens.Length - i);
                int start = tokens[i - 1];
                for (int k = 1; k <= length; k++, i++) tokens[i] = (start + k) % V;
            }
            else
            {
                double pick = rng.NextDouble();
                int k = 0;
                while (k < Successors - 1 && pick > cumulative[k]) k++;
                tokens[i] = next[tokens[i - 1] * Successors + k];
                i++;
            }
        }
    }
}

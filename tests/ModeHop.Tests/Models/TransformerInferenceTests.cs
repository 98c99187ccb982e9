using ModeHop.Models.Transformer;
using ModeHop.Tensors;

namespace ModeHop.Tests.Models;

public class TransformerInferenceTests
{
    internal static TransformerModel RandomModel(string family)
    {
        var model = new TransformerModel(WeightMapTests.Config(family));
        var rng = new Rng(4);
        foreach (var p in model.Parameters) rng.FillNormal(p.Data, 0.3f); // far from uniform predictions
        return model;
    }

    /// <summary>Logits [V] of the plain full-sequence Forward of <paramref name="tokens"/> alone, at <paramref name="position"/>.</summary>
    static float[] PlainLogits(TransformerModel model, int[] tokens, int position)
    {
        var logits = model.Forward(new Tape { Recording = false }, tokens, 1, tokens.Length);
        int V = model.Config.VocabSize;
        return logits.Data.AsSpan(position * V, V).ToArray();
    }

    static (int[] Ids, int T) Padded(int[][] rows)
    {
        int T = rows.Max(r => r.Length);
        var ids = new int[rows.Length * T];
        for (int b = 0; b < rows.Length; b++) rows[b].CopyTo(ids, b * T);
        return (ids, T);
    }

    /// <summary>
    /// Three contexts of different lengths in one padded pass, then four continuation rows on them (two share a
    /// parent, one parent has none) in a second pass, then one more token per continuation row: every logit read
    /// matches the plain forward of the whole sequence, so positions (learned and rotary) and keys line up.
    /// </summary>
    [Theory]
    [MemberData(nameof(WeightMapTests.Families), MemberType = typeof(WeightMapTests))]
    public void Extend_ContextsThenContinuations_MatchPlainForward(string family)
    {
        var model = RandomModel(family);
        int V = model.Config.VocabSize;
        var rng = new Rng(9);
        int[] Tokens(int n) => Enumerable.Range(0, n).Select(_ => rng.NextInt(V)).ToArray();
        var inference = new TransformerInference(model);
        int[][] contexts = [Tokens(4), Tokens(1), Tokens(3)];
        int[] contextRows = [2, 0, 1]; // batch row b extends cache row contextRows[b]
        var root = new KvCache(model.Config, 3, 4);
        var (ids, T) = Padded(contexts);
        int[] contextLengths = contexts.Select(c => c.Length).ToArray();
        int[] lastTokens = contextLengths.Select((n, b) => b * T + n - 1).ToArray();
        var logits = inference.Extend(root, ids, 3, T, contextRows, contextLengths, lastTokens);
        for (int b = 0; b < 3; b++)
            Assert(logits.Data.AsSpan(b * V, V), PlainLogits(model, contexts[b], contexts[b].Length - 1), $"context {b}");
        Xunit.Assert.Equal(4, root.Length(2));

        int[][] suffixes = [Tokens(2), Tokens(1), Tokens(3), Tokens(2)];
        int[] parentBatchRows = [0, 0, 2, 1];
        int[] parents = parentBatchRows.Select(b => contextRows[b]).ToArray();
        var continuation = new KvCache(root, parents, 4);
        var (suffixIds, S) = Padded(suffixes);
        int[] suffixLengths = suffixes.Select(s => s.Length).ToArray();
        var reads = Enumerable.Range(0, 4).SelectMany(b => Enumerable.Range(0, suffixLengths[b]).Select(t => b * S + t)).ToArray();
        logits = inference.Extend(continuation, suffixIds, 4, S, [0, 1, 2, 3], suffixLengths, reads);
        int r = 0;
        foreach (int read in reads)
        {
            int b = read / S, t = read % S;
            var whole = contexts[parentBatchRows[b]].Concat(suffixes[b]).ToArray();
            Assert(logits.Data.AsSpan(r++ * V, V), PlainLogits(model, whole, contexts[parentBatchRows[b]].Length + t), $"continuation {b}, token {t}");
        }

        // One more token for rows 3 and 1 (in that order): they attend to the parent, their first pass and this token.
        int[] next = Tokens(2);
        logits = inference.Extend(continuation, next, 2, 1, [3, 1], [1, 1], [0, 1]);
        int[] grown = [3, 1];
        for (int i = 0; i < 2; i++)
        {
            int b = grown[i];
            var whole = contexts[parentBatchRows[b]].Concat(suffixes[b]).Append(next[i]).ToArray();
            Assert(logits.Data.AsSpan(i * V, V), PlainLogits(model, whole, whole.Length - 1), $"grown row {b}");
        }
        Xunit.Assert.Equal(suffixLengths[1] + 1, continuation.Length(1));
    }

    [Fact]
    public void Extend_PastTheModelsLength_Throws()
    {
        var model = RandomModel("gpt2");
        int maxT = model.Config.MaxSeqLen;
        var inference = new TransformerInference(model);
        var root = new KvCache(model.Config, 1, maxT);
        inference.Extend(root, new int[maxT - 1], 1, maxT - 1, [0], [maxT - 1], []);
        var continuation = new KvCache(root, [0], 4);
        var error = Xunit.Assert.Throws<ArgumentException>(() => inference.Extend(continuation, new int[2], 1, 2, [0], [2], [1]));
        Xunit.Assert.Contains($"reads at most {maxT} tokens", error.Message);
    }

    [Fact]
    public void Extend_PaddingRead_Throws()
    {
        var model = RandomModel("gpt2");
        var inference = new TransformerInference(model);
        var error = Xunit.Assert.Throws<ArgumentException>(() => inference.Extend(new KvCache(model.Config, 2, 3), new int[6], 2, 3, [0, 1], [3, 1], [4]));
        Xunit.Assert.Contains("not a real token", error.Message);
    }

    static void Assert(ReadOnlySpan<float> actual, float[] expected, string what) =>
        ModeHop.Tests.Tensors.TestData.AssertClose(actual, expected, 1e-4f, 1e-4f, what);
}

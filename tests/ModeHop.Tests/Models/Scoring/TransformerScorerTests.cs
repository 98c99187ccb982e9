using ModeHop.Models.Scoring;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Models.Scoring;

public class TransformerScorerTests
{
    /// <summary>The plain way: the whole of context + continuation alone in a batch of one, then the reference log-softmax.</summary>
    static float[] Reference(TransformerModel model, int[] context, int[] continuation)
    {
        var tokens = context.Concat(continuation[..^1]).ToArray();
        var tape = new Tape { Recording = false };
        var logits = model.Forward(tape, tokens, 1, tokens.Length);
        int V = model.Config.VocabSize;
        var logProbs = new float[logits.Size];
        LogSoftmaxKernel.ForwardReference(logits.Data, tokens.Length, logProbs);
        return continuation.Select((token, i) => logProbs[(context.Length - 1 + i) * V + token]).ToArray();
    }

    static TransformerModel Model(string family) => TransformerInferenceTests.RandomModel(family);

    [Theory]
    [MemberData(nameof(WeightMapTests.Families), MemberType = typeof(WeightMapTests))]
    public void Score_BatchedAndPadded_MatchesEachSequenceAlone(string family)
    {
        var model = Model(family);
        int V = model.Config.VocabSize;
        var rng = new Rng(9);
        int[] Tokens(int n) => Enumerable.Range(0, n).Select(_ => rng.NextInt(V)).ToArray();
        // One-token answers (the shared-context path) and multi-token answers, contexts of different lengths.
        var requests = new List<ScoreRequest>
        {
            new(Tokens(5), [Tokens(1), Tokens(1)]),
            new(Tokens(2), [Tokens(3), Tokens(1)]),
            new(Tokens(7), [Tokens(1), Tokens(1), Tokens(1)]),
            new(Tokens(1), [Tokens(4)]),
        };
        var scored = new TransformerScorer(model, sequencesPerBatch: 3).Score(requests);
        for (int r = 0; r < requests.Count; r++)
            for (int c = 0; c < requests[r].Continuations.Count; c++)
            {
                var expected = Reference(model, requests[r].Context, requests[r].Continuations[c]);
                Assert.Equal(expected.Length, scored[r][c].Length);
                for (int i = 0; i < expected.Length; i++)
                    Assert.True(Math.Abs(expected[i] - scored[r][c][i]) < 1e-4f, $"request {r}, continuation {c}, token {i}: {scored[r][c][i]} vs {expected[i]}");
            }
    }

    public static TheoryData<string, bool, int> Paths()
    {
        var data = new TheoryData<string, bool, int>();
        foreach (var family in WeightMapTests.Families())
            foreach (bool share in new[] { true, false })
                foreach (int tokens in new[] { 8, 8192 }) // 8 tokens splits the requests into many batches
                    data.Add(family, share, tokens);
        return data;
    }

    /// <summary>
    /// Both paths, in one batch or many: contexts of every length, several continuations per context (shared prefix,
    /// one to four tokens), a repeated context: each score equals the sequence alone through the plain Forward.
    /// </summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void Score_EveryPathAndBatching_MatchesEachSequenceAlone(string family, bool sharePrefix, int tokensPerBatch)
    {
        var model = Model(family);
        int V = model.Config.VocabSize;
        var rng = new Rng(21);
        int[] Tokens(int n) => Enumerable.Range(0, n).Select(_ => rng.NextInt(V)).ToArray();
        var shared = Tokens(3);
        var requests = new List<ScoreRequest>
        {
            new(Tokens(4), [Tokens(2), Tokens(3)]),
            new(shared, [Tokens(1), Tokens(4), Tokens(2)]),
            new(Tokens(1), [Tokens(1)]),
            new(Tokens(5), [Tokens(3), Tokens(1)]),
            new(shared, [Tokens(2)]),
            new(Tokens(2), []),
        };
        var scored = new TransformerScorer(model, sequencesPerBatch: 4, tokensPerBatch, sharePrefix).Score(requests);
        Assert.Equal(requests.Count, scored.Length);
        Assert.Empty(scored[^1]);
        for (int r = 0; r < requests.Count; r++)
            for (int c = 0; c < requests[r].Continuations.Count; c++)
            {
                var expected = Reference(model, requests[r].Context, requests[r].Continuations[c]);
                ModeHop.Tests.Tensors.TestData.AssertClose(scored[r][c], expected, 1e-4f, 1e-5f, $"request {r}, continuation {c}");
            }
    }

    [Fact]
    public void Score_PastTheModelsLength_Throws()
    {
        var model = Model("gpt2");
        int maxT = model.Config.MaxSeqLen;
        var error = Assert.Throws<ArgumentException>(() => new TransformerScorer(model).Score([new ScoreRequest(new int[maxT], [[1], [1, 2]])]));
        Assert.Contains($"reads at most {maxT}", error.Message);
        Assert.Contains("continuation 1", error.Message);
    }

    [Fact]
    public void Score_TokenOutsideTheVocabulary_Throws()
    {
        var model = Model("gpt2");
        var error = Assert.Throws<ArgumentException>(() => new TransformerScorer(model).Score([new ScoreRequest([1], [[2, model.Config.VocabSize]])]));
        Assert.Contains($"token id {model.Config.VocabSize}", error.Message);
    }

    [Fact]
    public void Score_EmptyContextOrContinuation_Throws()
    {
        var scorer = new TransformerScorer(Model("gpt2"));
        Assert.Throws<ArgumentException>(() => scorer.Score([new ScoreRequest([], [[1]])]));
        Assert.Throws<ArgumentException>(() => scorer.Score([new ScoreRequest([1, 2], [[]])]));
    }
}

using ModeHop.Tensors;
using ModeHop.Tensors.Ops;

namespace ModeHop.Tests.Models;

public class HiddenStatesTests
{
    /// <summary>
    /// Every family: one state per depth (embeddings and each block), the last through the final norm and head equals
    /// Forward's logits, the first equals the embedding lookup (plus learned positions), and the depths differ.
    /// </summary>
    [Theory]
    [MemberData(nameof(WeightMapTests.Families), MemberType = typeof(WeightMapTests))]
    public void HiddenStates_LastThroughLogits_EqualsForward(string family)
    {
        var model = TransformerInferenceTests.RandomModel(family);
        int B = 2, T = 5, C = model.Config.Channels, V = model.Config.VocabSize;
        int[] ids = Enumerable.Range(0, B * T).Select(i => (i * 7 + 3) % V).ToArray();

        var states = model.HiddenStates(ids, B, T);

        Assert.Equal(model.Config.Layers + 1, states.Length);
        Assert.All(states, s => Assert.Equal(B * T * C, s.Length));
        var tape = new Tape { Recording = false };
        var expected = model.Forward(tape, ids, B, T).Data.ToArray();
        var last = model.Logits(tape, new Tensor(states[^1], [B, T, C])).Data;
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], last[i], 5);

        var embedded = Ops.Embedding(tape, model.TokenEmbedding, ids, B, T).Data;
        if (model.PositionEmbedding is null) Assert.Equal(embedded, states[0]);
        else
        {
            var positions = model.PositionEmbedding.Data;
            for (int i = 0; i < embedded.Length; i++) Assert.Equal(embedded[i] + positions[(i / C % T) * C + i % C], states[0][i], 5);
        }
        for (int l = 1; l < states.Length; l++) Assert.NotEqual(states[l - 1], states[l]);
    }

    [Fact]
    public void HiddenStates_WrongSizes_Throw()
    {
        var model = TransformerInferenceTests.RandomModel("gpt2");
        Assert.Throws<ArgumentException>(() => model.HiddenStates([1, 2, 3], 2, 2));
        Assert.Throws<ArgumentException>(() => model.HiddenStates(new int[model.Config.MaxSeqLen + 1], 1, model.Config.MaxSeqLen + 1));
    }
}

using ModeHop.Tensors;
using ModeHop.Tests.Models.Adapters;

namespace ModeHop.Tests.Models;

public class ScoredLossTests
{
    /// <summary>
    /// ScoredLoss (head and cross-entropy at the targeted positions only) gives Loss's value and every gradient, of the
    /// base weights and of adapters, up to rounding; with every position targeted it is Loss itself.
    /// </summary>
    [Theory]
    [MemberData(nameof(LoraAdaptersTests.Families), MemberType = typeof(LoraAdaptersTests))]
    public void ScoredLoss_EqualsLossAndItsGradients(string family)
    {
        var model = TransformerInferenceTests.RandomModel(family);
        model.Adapters = LoraAdaptersTests.NonzeroAdapters(model, rank: 2, seed: 6);
        const int B = 3, T = 6;
        int V = model.Config.VocabSize;
        var rng = new Rng(8);
        var ids = Enumerable.Range(0, B * T).Select(_ => rng.NextInt(V)).ToArray();
        var targets = Enumerable.Range(0, B * T).Select(i => i % T >= T - 2 || i == 1 ? rng.NextInt(V) : -1).ToArray();
        var all = model.Parameters.Concat(model.Adapters.Parameters).ToArray();

        (float Loss, float[][] Grads) Run(bool scored)
        {
            foreach (var p in all) p.ZeroGrad();
            var tape = new Tape();
            var loss = scored ? model.ScoredLoss(tape, ids, targets, B, T) : model.Loss(tape, ids, targets, B, T);
            tape.Backward(loss);
            return (loss.Data[0], all.Select(p => p.Grad.ToArray()).ToArray());
        }
        var (plainLoss, plainGrads) = Run(scored: false);
        var (scoredLoss, scoredGrads) = Run(scored: true);
        Assert.Equal(plainLoss, scoredLoss, 5);
        for (int i = 0; i < all.Length; i++)
        {
            float scale = plainGrads[i].Max(Math.Abs);
            ModeHop.Tests.Tensors.TestData.AssertClose(scoredGrads[i], plainGrads[i], 1e-6f + 1e-5f * scale, 1e-4f, $"{family}: gradient of {all[i].Name}");
        }

        var every = Enumerable.Range(0, B * T).Select(_ => rng.NextInt(V)).ToArray();
        Assert.Equal(model.Loss(new Tape { Recording = false }, ids, every, B, T).Data[0], model.ScoredLoss(new Tape { Recording = false }, ids, every, B, T).Data[0]);
    }
}

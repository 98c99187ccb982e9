using ModeHop.Models.Adapters;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Training;
using ModeHop.Training.Optim;

namespace ModeHop.Tests.Models.Adapters;

public class LoraAdaptersTests
{
    public static TheoryData<string> Families() => new() { "gpt2", "gpt_neox", "llama", "olmo2" };

    /// <summary>Adapters of rank <paramref name="rank"/> on <paramref name="model"/> with nonzero A and B (B's init is 0, so set it too).</summary>
    internal static LoraAdapters NonzeroAdapters(TransformerModel model, int rank, ulong seed)
    {
        var adapters = LoraAdapters.Create(model, rank, seed);
        var rng = new Rng(seed + 1);
        foreach (var p in adapters.Parameters.Where(p => p.Name!.EndsWith("lora_B"))) rng.FillNormal(p.Data, 0.3f);
        return adapters;
    }

    static (int[] Ids, int[] Targets) Batch(TransformerModel model, int B, int T)
    {
        var rng = new Rng(17);
        int V = model.Config.VocabSize;
        var ids = Enumerable.Range(0, B * T).Select(_ => rng.NextInt(V)).ToArray();
        var targets = Enumerable.Range(0, B * T).Select(i => i % 3 == 0 ? -1 : rng.NextInt(V)).ToArray();
        return (ids, targets);
    }

    /// <summary>
    /// d loss / dA and dB through the whole model (base frozen) against central differences of the loss in double
    /// precision, at up to 12 entries of every adapter tensor; and the frozen base gets no gradient at all, through
    /// every op of the family (embedding, learned positions, norms, the QK norm, linear layers, the head).
    /// </summary>
    [Theory]
    [MemberData(nameof(Families))]
    public void Adapters_GradientsOfAandB_MatchFiniteDifferences(string family)
    {
        var model = TransformerInferenceTests.RandomModel(family);
        model.Freeze();
        model.Adapters = NonzeroAdapters(model, rank: 2, seed: 3);
        const int B = 2, T = 5;
        var (ids, targets) = Batch(model, B, T);

        var tape = new Tape();
        tape.Backward(model.Loss(tape, ids, targets, B, T));
        Assert.All(model.Parameters, p => Assert.False(p.HasGrad, $"frozen {p.Name} got a gradient"));

        double Loss()
        {
            var t = new Tape { Recording = false };
            return model.Loss(t, ids, targets, B, T).Data[0];
        }
        var rng = new Random(5);
        const float step = 1e-2f;
        foreach (var p in model.Adapters.Parameters)
        {
            var analytic = p.Grad.ToArray();
            Assert.Contains(analytic, g => g != 0f);
            for (int k = 0; k < Math.Min(12, p.Size); k++)
            {
                int i = p.Size <= 12 ? k : rng.Next(p.Size);
                float saved = p.Data[i];
                p.Data[i] = saved + step;
                double up = Loss();
                p.Data[i] = saved - step;
                double down = Loss();
                p.Data[i] = saved;
                double numeric = (up - down) / (2 * step);
                double tolerance = 2e-4 + 2e-2 * Math.Abs(numeric);
                Assert.True(Math.Abs(analytic[i] - numeric) <= tolerance,
                    $"{family}: d loss / d {p.Name}[{i}] is {analytic[i]} by backward but {numeric} by finite differences (tolerance {tolerance:G3}).");
            }
        }
    }

    /// <summary>Fresh adapters (B = 0) leave the logits exactly as the model without adapters gives them.</summary>
    [Theory]
    [MemberData(nameof(Families))]
    public void Adapters_WithBZero_GiveExactlyTheBaseLogits(string family)
    {
        var model = TransformerInferenceTests.RandomModel(family);
        var (ids, _) = Batch(model, 2, 6);
        var expected = model.Forward(new Tape { Recording = false }, ids, 2, 6).Data.ToArray();
        model.Adapters = LoraAdapters.Create(model, rank: 3, seed: 9);
        Assert.Contains(model.Adapters.Parameters[0].Data.ToArray(), a => a != 0f);
        Assert.Equal(expected, model.Forward(new Tape { Recording = false }, ids, 2, 6).Data);
    }

    /// <summary>
    /// The inference paths apply the adapters: TransformerInference's cached pass gives the adapted Forward's logits
    /// (which differ from the base's), and HiddenStates' last state goes through the adapted blocks.
    /// </summary>
    [Theory]
    [MemberData(nameof(Families))]
    public void Adapters_InferenceAndHiddenStates_MatchTheAdaptedForward(string family)
    {
        var model = TransformerInferenceTests.RandomModel(family);
        const int T = 6;
        var (ids, _) = Batch(model, 1, T);
        var plain = model.Forward(new Tape { Recording = false }, ids, 1, T).Data.ToArray();
        var plainStates = model.HiddenStates(ids, 1, T);
        model.Adapters = NonzeroAdapters(model, rank: 2, seed: 4);
        var adapted = model.Forward(new Tape { Recording = false }, ids, 1, T).Data.ToArray();
        Assert.True(ModeHop.Tests.Tensors.TestData.MaxAbsDiff(plain, adapted) > 1e-2f, "the adapters do not change the logits");

        var inference = new TransformerInference(model);
        var cache = new KvCache(model.Config, 1, T);
        var reads = Enumerable.Range(0, T).ToArray();
        var logits = inference.Extend(cache, ids, 1, T, [0], [T], reads).Data;
        ModeHop.Tests.Tensors.TestData.AssertClose(logits, adapted, 1e-4f, 1e-4f, $"{family}: cached inference with adapters");

        var states = model.HiddenStates(ids, 1, T);
        Assert.Equal(plainStates[0], states[0]);
        Assert.NotEqual(plainStates[^1], states[^1]);
        var last = model.Logits(new Tape { Recording = false }, new Tensor(states[^1], [1, T, model.Config.Channels])).Data;
        ModeHop.Tests.Tensors.TestData.AssertClose(last, adapted, 1e-5f, 1e-5f, $"{family}: HiddenStates with adapters");
    }

    /// <summary>Same seed ⇒ same A on any model of the shape; another seed ⇒ other values; A within ±1/√in, B zero.</summary>
    [Fact]
    public void Initialize_SameSeed_SameAdaptersWithinPeftBounds()
    {
        var model = TransformerInferenceTests.RandomModel("gpt_neox");
        var one = LoraAdapters.Create(model, 2, seed: 7);
        var two = LoraAdapters.Create(new TransformerModel(model.Config), 2, seed: 7);
        var other = LoraAdapters.Create(model, 2, seed: 8);
        for (int i = 0; i < one.Parameters.Count; i++) Assert.Equal(one.Parameters[i].Data.ToArray(), two.Parameters[i].Data.ToArray());
        Assert.NotEqual(one.Parameters[0].Data.ToArray(), other.Parameters[0].Data.ToArray());
        Assert.Equal(2f, one.Scale);
        for (int l = 0; l < one.Layers; l++)
            foreach (var target in new[] { LoraTarget.AttentionOutput, LoraTarget.MlpOutput })
            {
                var pair = one[l, target];
                float bound = 1f / MathF.Sqrt(pair.Inputs);
                Assert.All(pair.A.Data.ToArray(), a => Assert.InRange(a, -bound, bound));
                Assert.True(pair.A.Data.ToArray().Max() > 0.5f * bound && pair.A.Data.ToArray().Min() < -0.5f * bound, "A does not spread over its bound");
                Assert.All(pair.B.Data.ToArray(), b => Assert.Equal(0f, b));
            }
        Assert.Equal("layers.1.fc2.lora_B", one[1, LoraTarget.MlpOutput].B.Name);
    }

    /// <summary>Adapters of another shape are refused when attached.</summary>
    [Fact]
    public void Adapters_OfAnotherShape_AreRefused()
    {
        var model = TransformerInferenceTests.RandomModel("llama");
        var wider = new TransformerModel(model.Config with { MlpHidden = model.Config.MlpHidden + 4 });
        var e = Assert.Throws<ArgumentException>(() => model.Adapters = LoraAdapters.Create(wider, 1, 1));
        Assert.Contains("fc2.lora_A", e.Message);
        Assert.Null(model.Adapters);
    }

    /// <summary>
    /// TrainStep zeroes the optimiser's parameters' gradients (the adapters), not only the model's: with learning rate 0
    /// two steps on one batch see the same gradient norm (an accumulated gradient would double it), and the loss falls
    /// once the rate is positive, with the base weights untouched.
    /// </summary>
    [Fact]
    public void TrainStep_Adapters_ZeroTheirGradientsEachStepAndLeaveTheBase()
    {
        var model = TransformerInferenceTests.RandomModel("gpt2");
        var before = model.Parameters.Select(p => p.Data.ToArray()).ToArray();
        model.Freeze();
        var adapters = NonzeroAdapters(model, rank: 1, seed: 2);
        model.Adapters = adapters;
        var step = new TrainStep(model, new AdamW(adapters.Parameters, new AdamWOptions()), clipNorm: 0f);
        var (ids, targets) = Batch(model, 2, 6);
        var first = step.Run(ids, targets, 2, 6, lr: 0f);
        var second = step.Run(ids, targets, 2, 6, lr: 0f);
        Assert.Equal(first.GradNorm, second.GradNorm, 6);
        Assert.Equal(first.Loss, second.Loss);
        for (int s = 0; s < 10; s++) step.Run(ids, targets, 2, 6, lr: 1e-2f);
        Assert.True(step.Evaluate(ids, targets, 2, 6) < first.Loss - 0.05f, "adapter training did not lower the loss");
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i], model.Parameters[i].Data);
    }
}

using ModeHop.Cli.Pipeline.Applications;
using ModeHop.Dynamics.Statistics;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Tests.Models;

namespace ModeHop.Tests.Cli.Applications;

/// <summary>The predictors' probes on a small random GPT-2 (2 blocks, C = 16, V = 40, context 12) against plain batch-1 passes.</summary>
public class PredictorProbeTests
{
    static readonly TransformerModel Model = TransformerInferenceTests.RandomModel("gpt2");

    /// <summary>Six examples of 3 to 12 tokens.</summary>
    static IReadOnlyList<ProbeExample> Examples()
    {
        var rng = new Rng(9);
        int[] lengths = [5, 12, 3, 8, 8, 10];
        return lengths.Select((n, i) => new ProbeExample("F", "t", i, Enumerable.Range(0, n).Select(_ => rng.NextInt(40)).ToArray())).ToArray();
    }

    static double ExampleLoss(ProbeExample e)
    {
        var inputs = e.Inputs;
        return Model.Loss(new Tape { Recording = false }, inputs, e.Targets, 1, inputs.Length).Data[0];
    }

    [Fact]
    public void ProbeExample_TargetsEveryNextTokenOfThePrompt()
    {
        var e = new ProbeExample("F", "t", 0, [7, 8, 9, 10, 11]);

        Assert.Equal([7, 8, 9, 10], e.Inputs);
        Assert.Equal([8, 9, 10, 11], e.Targets);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(20)]
    [InlineData(1)]
    public void ProbeLoss_Batched_EqualsTheMeanOfBatchOneLosses(int budget)
    {
        var examples = Examples();
        var batches = ProbeBatches.Plan(examples.Select(e => e.Tokens.Length - 1).ToArray(), budget);
        Assert.Equal(Enumerable.Range(0, examples.Count), batches.SelectMany(b => b).Order());

        Assert.Equal(examples.Average(ExampleLoss), ProbeBatches.ProbeLoss(Model, examples), 4);
    }

    [Fact]
    public void LastTokenStates_Batched_EqualBatchOneHiddenStates()
    {
        var examples = Examples();
        int C = Model.Config.Channels;

        var states = ProbeBatches.LastTokenStates(Model, examples);

        Assert.Equal(Model.Config.Layers + 1, states.Length);
        for (int i = 0; i < examples.Count; i++)
        {
            var tokens = examples[i].Tokens;
            var alone = Model.HiddenStates(tokens, 1, tokens.Length);
            for (int l = 0; l < states.Length; l++)
                for (int c = 0; c < C; c++) Assert.Equal(alone[l][(tokens.Length - 1) * C + c], states[l][i * C + c], 4);
        }
    }

    [Fact]
    public void GradientGrams_AnyMemoryBudget_SameMatrices_DiagonalIsTheSquaredGradientNorm()
    {
        var examples = Examples();
        var full = new GradientGrams(Model).Compute(examples);
        var parameters = Model.Parameters.Sum(p => (long)p.Size);
        foreach (long held in new[] { 1, 2, 4 })
        {
            var small = new GradientGrams(Model) { MemoryFloats = held * parameters };
            var (grams, losses) = small.Compute(examples);
            Assert.Equal(full.Grams, grams);
            Assert.Equal(full.Losses, losses);
            // N passes for the first block, then each later block's remaining examples again.
            int N = examples.Count, M = (int)held;
            Assert.Equal(Enumerable.Range(0, (N + M - 1) / M).Sum(b => N - b * M), small.BackwardPasses);
        }
        Assert.Equal(Model.Config.Layers + 2, full.Grams.Length);

        // Example 3 by hand: one backward pass, the squared norm of the whole gradient and of block 1's part.
        var tape = new Tape();
        foreach (var p in Model.Parameters) p.ZeroGrad();
        var e = examples[3];
        var loss = Model.Loss(tape, e.Inputs, e.Targets, 1, e.Inputs.Length);
        tape.Backward(loss);
        double whole = Model.Parameters.Sum(p => p.Grad.ToArray().Sum(g => (double)g * g));
        double block = Model.Blocks[0].Parameters().Sum(p => p.Grad.ToArray().Sum(g => (double)g * g));
        int n = examples.Count, k = 3 * n + 3;
        Assert.Equal(whole, full.Grams.Sum(g => g[k]), 1e-6 * whole);             // float dot products within chunks
        Assert.Equal(block, full.Grams[1][k], 1e-6 * block);
        Assert.Equal(ExampleLoss(e), full.Losses[3], 5);
        Assert.True(GradientCoherence.MeanAbsCosine(full.Grams[1], n) is > 0 and <= 1);
    }

    [Fact]
    public void Sharpness_DeterministicForASeed_RestoresTheWeights_ZeroAtRadiusZero()
    {
        var examples = Examples();
        var before = Model.Parameters.Select(p => p.Data.ToArray()).ToArray();

        var first = Sharpness.Measure(Model, examples, 0.05, 3, seed: 7);
        var again = Sharpness.Measure(Model, examples, 0.05, 3, seed: 7);
        var other = Sharpness.Measure(Model, examples, 0.05, 3, seed: 8);
        var none = Sharpness.Measure(Model, examples, 0, 2, seed: 7);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Sharpness, other.Sharpness);
        Assert.Equal(first.Loss, other.Loss);
        Assert.Equal(0, none.Sharpness, 12);
        for (int t = 0; t < before.Length; t++) Assert.Equal(before[t], Model.Parameters[t].Data);
    }

    [Fact]
    public void LayerProbe_EveryMetricAtItsLayers()
    {
        var probe = new LayerProbe(Model, Examples(), new ProbeSettings { SharpnessDraws = 1 });

        var (values, loss) = probe.Measure();

        var expected = PredictorMetrics.All.SelectMany(m => PredictorMetrics.Layers(m, 2).Select(l => (m, l))).ToHashSet();
        Assert.Equal(5 * 3 + 4, expected.Count);
        Assert.Equal(expected, values.Keys.ToHashSet());
        Assert.All(values.Values, v => Assert.True(double.IsFinite(v)));
        Assert.InRange(values[(PredictorMetrics.RankMe, 1)], 1, 6);                 // at most min(N, C) = 6
        Assert.InRange(values[(PredictorMetrics.TopEigenShare, 2)], 1.0 / 6, 1);
        Assert.InRange(values[(PredictorMetrics.MeanAbsCos, PredictorMetrics.WholeModel)], 0, 1);
        Assert.Equal(Math.Sqrt(Model.Parameters.Sum(p => p.Data.ToArray().Sum(w => (double)w * w))), values[(PredictorMetrics.ParamNorm, -1)], 6);
        Assert.True(loss > 0);
    }

    [Fact]
    public void RandomFeatureBaseline_MoreLayers_LargerBestAbsRho_AndP95AboveMean()
    {
        double[] target = [0.1, 0.4, 0.2, 0.5, 0.9, 0.7, 0.3, 0.8];

        var one = RandomFeatureBaseline.BestAbsSpearman(target, 1, 400, seed: 3);
        var four = RandomFeatureBaseline.BestAbsSpearman(target, 4, 400, seed: 3);

        Assert.True(one.P95 >= one.Mean && four.P95 >= four.Mean);
        Assert.True(four.Mean > one.Mean, $"best of 4 random series {four.Mean} vs one {one.Mean}");
        Assert.InRange(one.Mean, 0.2, 0.45);                                       // E|ρ| of one random ranking of 8 ≈ 0.3
        Assert.Equal(one, RandomFeatureBaseline.BestAbsSpearman(target, 1, 400, seed: 3));
    }
}

using ModeHop.Models.Scoring;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;

namespace ModeHop.Tests.Models.Scoring;

public class TransformerSamplerTests
{
    static TransformerModel Model(string family) => TransformerInferenceTests.RandomModel(family);

    /// <summary>Greedy decoding the plain way: the whole sequence through Forward again for every new token.</summary>
    static int[] GreedyReference(TransformerModel model, int[] context, int count)
    {
        int V = model.Config.VocabSize;
        var tokens = context.ToList();
        for (int k = 0; k < count; k++)
        {
            var logits = model.Forward(new Tape { Recording = false }, tokens.ToArray(), 1, tokens.Count);
            var last = logits.Data.AsSpan((tokens.Count - 1) * V, V);
            int best = 0;
            for (int j = 1; j < V; j++) if (last[j] > last[best]) best = j;
            tokens.Add(best);
        }
        return tokens.Skip(context.Length).ToArray();
    }

    static List<SampleRequest> Requests(TransformerModel model, float temperature, ulong seed)
    {
        var rng = new Rng(31);
        int[] Tokens(int n) => Enumerable.Range(0, n).Select(_ => rng.NextInt(model.Config.VocabSize)).ToArray();
        return
        [
            new(Tokens(3), 2, 4, temperature, seed),
            new(Tokens(1), 1, 5, temperature, seed + 1),
            new(Tokens(4), 3, 2, temperature, seed + 2),
            new(Tokens(2), 0, 3, temperature, seed + 3),
        ];
    }

    [Theory]
    [MemberData(nameof(WeightMapTests.Families), MemberType = typeof(WeightMapTests))]
    public void Sample_Greedy_EqualsArgmaxOfThePlainForwardStepByStep(string family)
    {
        var model = Model(family);
        var requests = Requests(model, temperature: 0f, seed: 1);
        var sampled = new TransformerSampler(model, sequencesPerBatch: 2).Sample(requests);
        for (int r = 0; r < requests.Count; r++)
        {
            Assert.Equal(requests[r].Samples, sampled[r].Length);
            var expected = GreedyReference(model, requests[r].Context, requests[r].MaxNewTokens);
            foreach (var sample in sampled[r]) Assert.Equal(expected, sample);
        }
    }

    [Fact]
    public void Sample_SameSeed_SameTokensWhateverTheBatching()
    {
        var model = Model("gpt_neox");
        var requests = Requests(model, temperature: 1f, seed: 7);
        var once = new TransformerSampler(model).Sample(requests);
        var again = new TransformerSampler(model, sequencesPerBatch: 1, tokensPerBatch: 4).Sample(requests);
        Assert.Equal(once, again);
    }

    [Fact]
    public void Sample_DifferentSeedsAtTemperatureOne_DifferentTokens()
    {
        var model = Model("llama");
        int[] context = [1, 2, 3];
        var sampler = new TransformerSampler(model);
        var a = sampler.Sample([new SampleRequest(context, 4, 6, 1f, 100)]);
        var b = sampler.Sample([new SampleRequest(context, 4, 6, 1f, 200)]);
        Assert.NotEqual(a[0], b[0]);
        Assert.True(a[0].Select(s => string.Join(",", s)).Distinct().Count() > 1, "samples of one request should differ from each other");
        Assert.All(a[0].SelectMany(s => s), t => Assert.InRange(t, 0, model.Config.VocabSize - 1));
    }

    [Theory]
    [InlineData(-1f, "temperature")]
    [InlineData(float.NaN, "temperature")]
    public void Sample_BadTemperature_Throws(float temperature, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new TransformerSampler(Model("gpt2")).Sample([new SampleRequest([1], 1, 1, temperature, 0)]));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Sample_PastTheModelsLength_Throws()
    {
        var model = Model("gpt2");
        int maxT = model.Config.MaxSeqLen;
        var error = Assert.Throws<ArgumentException>(() => new TransformerSampler(model).Sample([new SampleRequest([1, 2], 1, maxT, 0f, 0)]));
        Assert.Contains($"reads at most {maxT}", error.Message);
    }
}

using ModeHop.Models.Transformer;
using ModeHop.Tensors;

namespace ModeHop.Tests.Models;

/// <summary>Weight arithmetic: exact end points, the formulas against scalar references on every length a vector loop can get wrong, shape checks.</summary>
public class ParameterArithmeticTests
{
    static readonly ModelConfig Config = new() { Family = ModelFamily.Gpt2, Layers = 1, Channels = 8, Heads = 2, KvHeads = 2, HeadDim = 4, MlpHidden = 32, VocabSize = 19, MaxSeqLen = 6, TiedEmbeddings = true };

    static TransformerModel Model(ulong seed, ModelConfig? config = null)
    {
        var model = new TransformerModel(config ?? Config);
        var rng = new Rng(seed);
        foreach (var p in model.Parameters) rng.FillNormal(p.Data, 1f);
        return model;
    }

    static float[] Random(int length, ulong seed)
    {
        var values = new float[length];
        new Rng(seed).FillNormal(values, 1f);
        return values;
    }

    public static TheoryData<int> Lengths() => [1, 7, 15, 16, 17, 31, 64, 1001];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void LerpSpan_AnyLength_MatchesTheFormulaAndIsExactAtTheEnds(int length)
    {
        var a = Random(length, 1);
        var b = Random(length, 2);
        var destination = new float[length];
        foreach (float lambda in new[] { 0f, 0.25f, 0.7f, 1f, -0.5f, 1.5f })
        {
            ParameterArithmetic.Lerp(a, b, lambda, destination);
            for (int i = 0; i < length; i++)
                Assert.Equal((1 - lambda) * (double)a[i] + lambda * (double)b[i], destination[i], 1e-5);
        }
        ParameterArithmetic.Lerp(a, b, 0f, destination);
        Assert.Equal(a, destination);
        ParameterArithmetic.Lerp(a, b, 1f, destination);
        Assert.Equal(b, destination);
    }

    [Fact]
    public void LerpSpan_InPlaceIntoA_EqualsTheOutOfPlaceResult()
    {
        var a = Random(37, 3);
        var b = Random(37, 4);
        var expected = new float[37];
        ParameterArithmetic.Lerp(a, b, 0.3f, expected);
        ParameterArithmetic.Lerp(a, b, 0.3f, a);
        Assert.Equal(expected, a);
    }

    [Fact]
    public void LerpSpan_DestinationOverlapsBOrLengthsDiffer_Throws()
    {
        var a = Random(16, 5);
        var b = Random(16, 6);
        Assert.Throws<ArgumentException>(() => ParameterArithmetic.Lerp(a, b, 0.5f, b));
        Assert.Throws<ArgumentException>(() => ParameterArithmetic.Lerp(a, b.AsSpan(1), 0.5f, new float[15]));
        Assert.Throws<ArgumentException>(() => ParameterArithmetic.Lerp(a.AsSpan(0, 15), b.AsSpan(0, 15), 0.5f, a.AsSpan(1)));
    }

    [Fact]
    public void Average_OfOneModel_IsThatModelExactly_OfThree_IsTheirMean()
    {
        var models = new[] { Model(1), Model(2), Model(3) };
        var destination = new TransformerModel(Config);
        ParameterArithmetic.Average(models[..1], destination);
        for (int p = 0; p < destination.Parameters.Count; p++) Assert.Equal(models[0].Parameters[p].Data.ToArray(), destination.Parameters[p].Data.ToArray());

        ParameterArithmetic.Average(models, destination);
        for (int p = 0; p < destination.Parameters.Count; p++)
            for (int i = 0; i < destination.Parameters[p].Size; i++)
                Assert.Equal(models.Average(m => (double)m.Parameters[p].Data[i]), destination.Parameters[p].Data[i], 1e-5);
    }

    [Fact]
    public void EmaUpdate_DecayZeroOneAndBetween_FollowsTheFormula()
    {
        var current = Model(7);
        var average = Model(8);
        var start = average.Parameters.Select(p => p.Data.ToArray()).ToArray();

        ParameterArithmetic.EmaUpdate(average, current, 1f);
        for (int p = 0; p < start.Length; p++) Assert.Equal(start[p], average.Parameters[p].Data);

        ParameterArithmetic.EmaUpdate(average, current, 0.8f);
        for (int p = 0; p < start.Length; p++)
            for (int i = 0; i < start[p].Length; i++)
                Assert.Equal(0.8 * start[p][i] + 0.2 * current.Parameters[p].Data[i], average.Parameters[p].Data[i], 1e-5);

        ParameterArithmetic.EmaUpdate(average, current, 0f);
        for (int p = 0; p < start.Length; p++) Assert.Equal(current.Parameters[p].Data.ToArray(), average.Parameters[p].Data.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterArithmetic.EmaUpdate(average, current, 1.5f));
    }

    [Fact]
    public void LerpModels_MatchesTheSpanLerpOnEveryParameter_CopyCopies()
    {
        var a = Model(11);
        var b = Model(12);
        var destination = new TransformerModel(Config);
        ParameterArithmetic.Lerp(a, b, 0.4f, destination);
        var expected = new float[destination.Parameters.Max(p => p.Size)];
        for (int p = 0; p < destination.Parameters.Count; p++)
        {
            int n = destination.Parameters[p].Size;
            ParameterArithmetic.Lerp(a.Parameters[p].Data, b.Parameters[p].Data, 0.4f, expected.AsSpan(0, n));
            Assert.Equal(expected[..n], destination.Parameters[p].Data);
        }
        ParameterArithmetic.Copy(b, destination);
        for (int p = 0; p < destination.Parameters.Count; p++) Assert.Equal(b.Parameters[p].Data.ToArray(), destination.Parameters[p].Data.ToArray());
    }

    [Fact]
    public void Operations_ModelsOfDifferentShapes_ThrowNamingBoth()
    {
        var a = Model(1);
        var wider = Model(2, Config with { MlpHidden = 16 });
        var e = Assert.Throws<InvalidDataException>(() => ParameterArithmetic.Lerp(a, wider, 0.5f, new TransformerModel(Config), "step000100", "step000200"));
        Assert.Contains("step000100", e.Message);
        Assert.Contains("step000200", e.Message);
        Assert.Contains("fc.weight", e.Message);
        var deeper = Model(3, Config with { Layers = 2 });
        var f = Assert.Throws<InvalidDataException>(() => ParameterArithmetic.Average([a, deeper], new TransformerModel(Config), ["run/step000001", "run/step000002"]));
        Assert.Contains("run/step000001", f.Message);
        Assert.Contains("run/step000002", f.Message);
        Assert.Throws<InvalidDataException>(() => ParameterArithmetic.EmaUpdate(a, wider, 0.5f));
        Assert.Throws<ArgumentException>(() => ParameterArithmetic.Average([], a));
    }
}

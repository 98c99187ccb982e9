using ModeHop.Tensors;
using ModeHop.Tests.Tensors;
using ModeHop.Training.Optim;

namespace ModeHop.Tests.Training;

public class AdamWTests
{
    static Tensor[] MakeParameters(int seed)
    {
        var shapes = new[] { new[] { 37, 19 }, new[] { 19 }, new[] { 70001 } };
        return shapes.Select((s, i) =>
        {
            var t = new Tensor(TestData.Normal((int)Tensor.SizeOf(s), seed + i), s, requiresGrad: true, name: $"p{i}");
            TestData.Normal(t.Size, seed + 100 + i).CopyTo(t.Grad.Span);
            return t;
        }).ToArray();
    }

    [Fact]
    public void Update_Vectorized_MatchesScalarReferenceBitForBit()
    {
        var fast = MakeParameters(1);
        var slow = MakeParameters(1);
        var a = new AdamW(fast, new AdamWOptions());
        var b = new AdamW(slow, new AdamWOptions());
        for (int step = 0; step < 3; step++)
        {
            a.Update(1e-2f);
            b.UpdateReference(1e-2f);
        }
        for (int i = 0; i < fast.Length; i++) Assert.Equal(slow[i].Data.ToArray(), fast[i].Data.ToArray());
    }

    [Fact]
    public void Update_OneStep_FollowsTheAdamWFormula()
    {
        var p = new Tensor([2f, -1f], [1, 2], requiresGrad: true, name: "w");
        p.Grad[0] = 0.5f;
        p.Grad[1] = -0.25f;
        var options = new AdamWOptions { Beta1 = 0.9f, Beta2 = 0.99f, Epsilon = 1e-8f, WeightDecay = 0.1f };
        new AdamW([p], options).Update(0.1f);
        // After one step m̂ = g and v̂ = g², so the step is lr·sign(g) (up to ε), after decay p·(1 − lr·wd).
        Assert.Equal(2f * 0.99f - 0.1f, p.Data[0], 5);
        Assert.Equal(-1f * 0.99f + 0.1f, p.Data[1], 5);
    }

    [Fact]
    public void Update_VectorParameter_IsNotDecayed()
    {
        var p = new Tensor([3f], [1], requiresGrad: true, name: "bias");
        new AdamW([p], new AdamWOptions { WeightDecay = 0.5f }).Update(0.1f);
        Assert.Equal(3f, p.Data[0], 5);
    }

    [Fact]
    public void Clip_LargeGradients_ScalesToMaxNorm()
    {
        var p = new Tensor([0f, 0f], [2], requiresGrad: true);
        p.Grad[0] = 3f;
        p.Grad[1] = 4f;
        double before = GradientClipping.Clip([p], 1f);
        Assert.Equal(5.0, before, 5);
        Assert.Equal(1.0, GradientClipping.GlobalNorm([p]), 4);
    }

    [Fact]
    public void Update_GradScale_EqualsScalingTheGradientsFirst()
    {
        var fused = MakeParameters(3);
        var scaled = MakeParameters(3);
        foreach (var p in scaled) System.Numerics.Tensors.TensorPrimitives.Multiply(p.Grad, 0.37f, p.Grad);
        new AdamW(fused, new AdamWOptions()).Update(1e-2f, gradScale: 0.37f);
        new AdamW(scaled, new AdamWOptions()).Update(1e-2f);
        for (int i = 0; i < fused.Length; i++) Assert.Equal(scaled[i].Data.ToArray(), fused[i].Data.ToArray());
    }

    [Fact]
    public void GlobalNorm_ManyChunks_MatchesADoubleSum()
    {
        var parameters = MakeParameters(4); // 70001 values span three chunks
        double expected = Math.Sqrt(parameters.Sum(p => p.Grad.ToArray().Sum(g => (double)g * g)));
        Assert.Equal(expected, GradientClipping.GlobalNorm(parameters), expected * 1e-6);
    }

    [Fact]
    public void Coefficient_SmallOrDisabled_IsOne()
    {
        Assert.Equal(1f, GradientClipping.Coefficient(0.5, 1f));
        Assert.Equal(1f, GradientClipping.Coefficient(50, 0f));
        Assert.Equal(0.1f, GradientClipping.Coefficient(10, 1f), 5);
    }

    [Fact]
    public void Update_AfterZeroGrad_TreatsTheStaleGradientAsZero()
    {
        var p = new Tensor([1f, -1f], [2], requiresGrad: true, name: "bias");
        p.Grad[0] = 100f;
        p.ZeroGrad();
        new AdamW([p], new AdamWOptions()).Update(0.1f);
        Assert.Equal([1f, -1f], p.Data);
    }
}

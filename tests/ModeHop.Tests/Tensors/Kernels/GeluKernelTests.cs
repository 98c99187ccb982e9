using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>
/// The references compute in double, so the differences are the fast kernels' own float errors
/// (exp, erf ≈ 1e-7 relative). atol 1e-6 covers the tail x ≪ 0 where y ≈ 0 is a small difference.
/// </summary>
public class GeluKernelTests
{
    const float Atol = 1e-6f, Rtol = 1e-5f;

    [Theory]
    [MemberData(nameof(ElementwiseShapes.Lengths), MemberType = typeof(ElementwiseShapes))]
    public void TanhForward_Fast_MatchesReference(int n)
    {
        var x = TestData.Normal(n, 1, 3f);
        var fast = new float[n];
        var reference = new float[n];
        GeluKernel.TanhForward(x, fast);
        GeluKernel.TanhForwardReference(x, reference);
        TestData.AssertClose(fast, reference, Atol, Rtol, "gelu tanh");
    }

    [Theory]
    [MemberData(nameof(ElementwiseShapes.Lengths), MemberType = typeof(ElementwiseShapes))]
    public void TanhBackward_Fast_MatchesReferenceAndAccumulates(int n)
    {
        var x = TestData.Normal(n, 2, 3f);
        var dOut = TestData.Normal(n, 3);
        var fast = TestData.Normal(n, 4);
        var reference = (float[])fast.Clone();
        GeluKernel.TanhBackward(x, dOut, fast);
        GeluKernel.TanhBackwardReference(x, dOut, reference);
        TestData.AssertClose(fast, reference, Atol, Rtol, "gelu tanh backward");
    }

    [Theory]
    [MemberData(nameof(ElementwiseShapes.Lengths), MemberType = typeof(ElementwiseShapes))]
    public void ErfForward_Fast_MatchesReference(int n)
    {
        var x = TestData.Normal(n, 5, 3f);
        var fast = new float[n];
        var reference = new float[n];
        GeluKernel.ErfForward(x, fast);
        GeluKernel.ErfForwardReference(x, reference);
        TestData.AssertClose(fast, reference, Atol, Rtol, "gelu erf");
    }

    [Theory]
    [MemberData(nameof(ElementwiseShapes.Lengths), MemberType = typeof(ElementwiseShapes))]
    public void ErfBackward_Fast_MatchesReferenceAndAccumulates(int n)
    {
        var x = TestData.Normal(n, 6, 3f);
        var dOut = TestData.Normal(n, 7);
        var fast = TestData.Normal(n, 8);
        var reference = (float[])fast.Clone();
        GeluKernel.ErfBackward(x, dOut, fast);
        GeluKernel.ErfBackwardReference(x, dOut, reference);
        TestData.AssertClose(fast, reference, Atol, Rtol, "gelu erf backward");
    }

    [Fact]
    public void Forward_KnownValues_MatchTorch()
    {
        // torch.nn.functional.gelu(x, approximate='tanh' / 'none') in float64 at x = −3, −0.5, 1, 2.5.
        float[] x = [-3f, -0.5f, 1f, 2.5f];
        double[] tanh = [-0.0036373920817729943, -0.15428599017485606, 0.8411919906082768, 2.484915733910001];
        double[] erf = [-0.00404969409489031, -0.15426876936299344, 0.841344746068543, 2.4844758366855597];
        var y = new float[4];
        GeluKernel.TanhForward(x, y);
        for (int i = 0; i < 4; i++) Assert.Equal(tanh[i], y[i], 1e-6);
        GeluKernel.ErfForward(x, y);
        for (int i = 0; i < 4; i++) Assert.Equal(erf[i], y[i], 1e-6);
    }

    [Theory]
    [MemberData(nameof(ElementwiseShapes.Lengths), MemberType = typeof(ElementwiseShapes))]
    public void Backward_Overwrite_MatchesReferenceFromZeroIgnoringOldValues(int n)
    {
        var x = TestData.Normal(n, 9, 3f);
        var dOut = TestData.Normal(n, 10);
        var tanh = Enumerable.Repeat(float.NaN, n).ToArray();
        var erf = Enumerable.Repeat(float.NaN, n).ToArray();
        var tanhReference = new float[n];
        var erfReference = new float[n];
        GeluKernel.TanhBackward(x, dOut, tanh, accumulate: false);
        GeluKernel.ErfBackward(x, dOut, erf, accumulate: false);
        GeluKernel.TanhBackwardReference(x, dOut, tanhReference);
        GeluKernel.ErfBackwardReference(x, dOut, erfReference);
        TestData.AssertClose(tanh, tanhReference, Atol, Rtol, "gelu tanh backward, overwrite");
        TestData.AssertClose(erf, erfReference, Atol, Rtol, "gelu erf backward, overwrite");
    }
}

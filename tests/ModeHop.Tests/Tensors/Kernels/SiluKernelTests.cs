using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>References compute in double; tolerances as for <see cref="GeluKernelTests"/>.</summary>
public class SiluKernelTests
{
    const float Atol = 1e-6f, Rtol = 1e-5f;

    [Theory]
    [MemberData(nameof(ElementwiseShapes.Lengths), MemberType = typeof(ElementwiseShapes))]
    public void Forward_Fast_MatchesReference(int n)
    {
        var x = TestData.Normal(n, 1, 4f);
        var fast = new float[n];
        var reference = new float[n];
        SiluKernel.Forward(x, fast);
        SiluKernel.ForwardReference(x, reference);
        TestData.AssertClose(fast, reference, Atol, Rtol, "silu");
    }

    [Theory]
    [MemberData(nameof(ElementwiseShapes.Lengths), MemberType = typeof(ElementwiseShapes))]
    public void Backward_Fast_MatchesReferenceAndAccumulates(int n)
    {
        var x = TestData.Normal(n, 2, 4f);
        var dOut = TestData.Normal(n, 3);
        var fast = TestData.Normal(n, 4);
        var reference = (float[])fast.Clone();
        SiluKernel.Backward(x, dOut, fast);
        SiluKernel.BackwardReference(x, dOut, reference);
        TestData.AssertClose(fast, reference, Atol, Rtol, "silu backward");
    }

    [Fact]
    public void Forward_LargeMagnitudes_SaturateWithoutNaN()
    {
        float[] x = [-1000f, -90f, 90f, 1000f];
        var y = new float[4];
        SiluKernel.Forward(x, y);
        Assert.Equal([-0f, -0f, 90f, 1000f], y);
    }

    [Theory]
    [MemberData(nameof(ElementwiseShapes.Lengths), MemberType = typeof(ElementwiseShapes))]
    public void Backward_Overwrite_MatchesReferenceFromZeroIgnoringOldValues(int n)
    {
        var x = TestData.Normal(n, 5, 4f);
        var dOut = TestData.Normal(n, 6);
        var fast = Enumerable.Repeat(float.NaN, n).ToArray();
        var reference = new float[n];
        SiluKernel.Backward(x, dOut, fast, accumulate: false);
        SiluKernel.BackwardReference(x, dOut, reference);
        TestData.AssertClose(fast, reference, Atol, Rtol, "silu backward, overwrite");
    }
}

using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>Tolerances as for <see cref="LayerNormKernelTests"/>: different summation orders, same float rounding.</summary>
public class RmsNormKernelTests
{
    const float Eps = 1e-6f;

    [Theory]
    [MemberData(nameof(RowShapes.All), MemberType = typeof(RowShapes))]
    public void Forward_Fast_MatchesReference(int rows, int channels)
    {
        var x = TestData.Normal(rows * channels, 1, 2f);
        var w = TestData.Normal(channels, 2);
        var fast = new float[rows * channels];
        var reference = new float[rows * channels];
        var fastRstd = new float[rows];
        var referenceRstd = new float[rows];
        RmsNormKernel.Forward(x, w, rows, Eps, fast, fastRstd);
        RmsNormKernel.ForwardReference(x, w, rows, Eps, reference, referenceRstd);
        TestData.AssertClose(fast, reference, 1e-5f, 1e-5f, "y");
        TestData.AssertClose(fastRstd, referenceRstd, 1e-6f, 1e-5f, "rstd");
    }

    [Fact]
    public void Forward_KnownRow_MatchesFormula()
    {
        // x = [3, 4]: mean(x²) = 12.5, y = w·x/√12.5.
        var y = new float[2];
        RmsNormKernel.Forward([3f, 4f], [1f, 2f], 1, 0f, y, new float[1]);
        Assert.Equal(3 / Math.Sqrt(12.5), y[0], 1e-6);
        Assert.Equal(8 / Math.Sqrt(12.5), y[1], 1e-6);
    }

    [Theory]
    [MemberData(nameof(RowShapes.All), MemberType = typeof(RowShapes))]
    public void Backward_Fast_MatchesReferenceAndAccumulates(int rows, int channels)
    {
        var x = TestData.Normal(rows * channels, 1, 2f);
        var w = TestData.Normal(channels, 2);
        var rstd = new float[rows];
        RmsNormKernel.ForwardReference(x, w, rows, Eps, new float[rows * channels], rstd);
        var dOut = TestData.Normal(rows * channels, 4);
        var fastDx = TestData.Normal(rows * channels, 5);
        var fastDw = TestData.Normal(channels, 6);
        var referenceDx = (float[])fastDx.Clone();
        var referenceDw = (float[])fastDw.Clone();
        RmsNormKernel.Backward(x, w, rstd, dOut, rows, new float[RmsNormKernel.BackwardScratchLength(rows, channels)], fastDx, fastDw);
        RmsNormKernel.BackwardReference(x, w, rstd, dOut, rows, referenceDx, referenceDw);
        TestData.AssertClose(fastDx, referenceDx, 1e-5f, 1e-5f, "dX");
        TestData.AssertClose(fastDw, referenceDw, 2e-6f * rows, 1e-5f, "dWeight");
    }
}

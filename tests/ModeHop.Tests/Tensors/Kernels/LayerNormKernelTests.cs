using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>
/// The fast kernels sum in a different order (vector lanes, chunks of rows) from the plain loops, so
/// results agree to float rounding: per-row values within rtol 1e-5, and the dW/dB column sums over R
/// rows within R·2e-6 absolute (R float additions of terms of order one).
/// </summary>
public class LayerNormKernelTests
{
    const float Eps = 1e-5f;

    [Theory]
    [MemberData(nameof(RowShapes.All), MemberType = typeof(RowShapes))]
    public void Forward_Fast_MatchesReference(int rows, int channels)
    {
        var (x, w, b) = Inputs(rows, channels);
        var fast = new Outputs(rows, channels);
        var reference = new Outputs(rows, channels);
        LayerNormKernel.Forward(x, w, b, rows, Eps, fast.Y, fast.Mean, fast.Rstd);
        LayerNormKernel.ForwardReference(x, w, b, rows, Eps, reference.Y, reference.Mean, reference.Rstd);
        TestData.AssertClose(fast.Y, reference.Y, 1e-5f, 1e-5f, "y");
        TestData.AssertClose(fast.Mean, reference.Mean, 1e-6f, 1e-5f, "mean");
        TestData.AssertClose(fast.Rstd, reference.Rstd, 1e-6f, 1e-5f, "rstd");
    }

    [Fact]
    public void Forward_NoBias_EqualsZeroBias()
    {
        var (x, w, _) = Inputs(40, 24);
        var none = new Outputs(40, 24);
        var zero = new Outputs(40, 24);
        LayerNormKernel.Forward(x, w, default, 40, Eps, none.Y, none.Mean, none.Rstd);
        LayerNormKernel.ForwardReference(x, w, new float[24], 40, Eps, zero.Y, zero.Mean, zero.Rstd);
        TestData.AssertClose(none.Y, zero.Y, 1e-5f, 1e-5f, "y");
    }

    [Theory]
    [MemberData(nameof(RowShapes.All), MemberType = typeof(RowShapes))]
    public void Backward_Fast_MatchesReferenceAndAccumulates(int rows, int channels)
    {
        var (x, w, b) = Inputs(rows, channels);
        var stats = new Outputs(rows, channels);
        LayerNormKernel.ForwardReference(x, w, b, rows, Eps, stats.Y, stats.Mean, stats.Rstd);
        var dOut = TestData.Normal(rows * channels, 4);
        var fast = new Grads(rows, channels, 5);
        var reference = new Grads(rows, channels, 5);
        var scratch = new float[LayerNormKernel.BackwardScratchLength(rows, channels)];
        LayerNormKernel.Backward(x, w, stats.Mean, stats.Rstd, dOut, rows, scratch, fast.DX, fast.DW, fast.DB);
        LayerNormKernel.BackwardReference(x, w, stats.Mean, stats.Rstd, dOut, rows, reference.DX, reference.DW, reference.DB);
        TestData.AssertClose(fast.DX, reference.DX, 1e-5f, 1e-5f, "dX");
        TestData.AssertClose(fast.DW, reference.DW, 2e-6f * rows, 1e-5f, "dWeight");
        TestData.AssertClose(fast.DB, reference.DB, 2e-6f * rows, 1e-5f, "dBias");
    }

    [Fact]
    public void Backward_EmptyOutputs_AreSkipped()
    {
        const int R = 50, C = 20;
        var (x, w, b) = Inputs(R, C);
        var stats = new Outputs(R, C);
        LayerNormKernel.Forward(x, w, b, R, Eps, stats.Y, stats.Mean, stats.Rstd);
        var dOut = TestData.Normal(R * C, 4);
        var all = new Grads(R, C, 5);
        var onlyX = new Grads(R, C, 5);
        LayerNormKernel.Backward(x, w, stats.Mean, stats.Rstd, dOut, R, new float[LayerNormKernel.BackwardScratchLength(R, C)], all.DX, all.DW, all.DB);
        LayerNormKernel.Backward(x, w, stats.Mean, stats.Rstd, dOut, R, default, onlyX.DX, default, default);
        Assert.Equal(all.DX, onlyX.DX);
    }

    [Fact]
    public void Backward_RunTwice_IsBitIdentical()
    {
        const int R = 2048, C = 96;
        var (x, w, b) = Inputs(R, C);
        var stats = new Outputs(R, C);
        LayerNormKernel.Forward(x, w, b, R, Eps, stats.Y, stats.Mean, stats.Rstd);
        var dOut = TestData.Normal(R * C, 4);
        var first = new Grads(R, C, 5);
        var second = new Grads(R, C, 5);
        var scratch = new float[LayerNormKernel.BackwardScratchLength(R, C)];
        LayerNormKernel.Backward(x, w, stats.Mean, stats.Rstd, dOut, R, scratch, first.DX, first.DW, first.DB);
        LayerNormKernel.Backward(x, w, stats.Mean, stats.Rstd, dOut, R, scratch, second.DX, second.DW, second.DB);
        Assert.Equal(first.DW, second.DW);
        Assert.Equal(first.DB, second.DB);
        Assert.Equal(first.DX, second.DX);
    }

    static (float[] X, float[] W, float[] B) Inputs(int rows, int channels)
    {
        var x = TestData.Normal(rows * channels, 1, 2f);
        // An offset per row checks that the mean is removed.
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < channels; c++) x[r * channels + c] += r % 5 - 2;
        var w = TestData.Normal(channels, 2);
        var b = TestData.Normal(channels, 3);
        return (x, w, b);
    }

    sealed class Outputs(int rows, int channels)
    {
        public float[] Y = new float[rows * channels], Mean = new float[rows], Rstd = new float[rows];
    }

    sealed class Grads(int rows, int channels, int seed)
    {
        public float[] DX = TestData.Normal(rows * channels, seed), DW = TestData.Normal(channels, seed + 1), DB = TestData.Normal(channels, seed + 2);
    }
}

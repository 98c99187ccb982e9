using ModeHop.Tensors;
using ModeHop.Tensors.Kernels;
using ModeHop.Tensors.Ops;

namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>The fast query/key norm against its reference, and the reference against the formula.</summary>
public class QkNormKernelTests
{
    const float Eps = 1e-6f;

    // rows, H, KVH, D: one row; widths not a multiple of 16 (scalar tails); GQA; rows across several parallel chunks.
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        { 1, 1, 1, 1 }, { 5, 4, 2, 4 }, { 3, 3, 3, 7 }, { 64, 8, 2, 16 }, { 300, 4, 1, 12 }, { 1000, 6, 3, 64 },
    };

    static (float[] X, float[] Wq, float[] Wk) Inputs(int rows, int H, int KVH, int D) =>
        (TestData.Normal(rows * (H + 2 * KVH) * D, 1, 2f), TestData.Normal(H * D, 2), TestData.Normal(KVH * D, 3));

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_Fast_MatchesReference(int rows, int H, int KVH, int D)
    {
        var (x, wq, wk) = Inputs(rows, H, KVH, D);
        var fast = new float[x.Length];
        var reference = new float[x.Length];
        var fastRstd = new float[2 * rows];
        var referenceRstd = new float[2 * rows];
        QkNormKernel.Forward(x, wq, wk, rows, Eps, fast, fastRstd);
        QkNormKernel.ForwardReference(x, wq, wk, rows, Eps, reference, referenceRstd);
        TestData.AssertClose(fast, reference, 1e-5f, 1e-5f, "y");
        TestData.AssertClose(fastRstd, referenceRstd, 1e-6f, 1e-5f, "rstd");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_Fast_MatchesReferenceAndAccumulates(int rows, int H, int KVH, int D)
    {
        var (x, wq, wk) = Inputs(rows, H, KVH, D);
        var rstd = new float[2 * rows];
        QkNormKernel.ForwardReference(x, wq, wk, rows, Eps, new float[x.Length], rstd);
        var dOut = TestData.Normal(x.Length, 4);
        var fastDx = TestData.Normal(x.Length, 5);
        var fastDwq = TestData.Normal(wq.Length, 6);
        var fastDwk = TestData.Normal(wk.Length, 7);
        var (referenceDx, referenceDwq, referenceDwk) = ((float[])fastDx.Clone(), (float[])fastDwq.Clone(), (float[])fastDwk.Clone());
        var scratch = new float[QkNormKernel.BackwardScratchLength(rows, wq.Length, wk.Length)];
        QkNormKernel.Backward(x, wq, wk, rstd, dOut, rows, scratch, fastDx, fastDwq, fastDwk);
        QkNormKernel.BackwardReference(x, wq, wk, rstd, dOut, rows, referenceDx, referenceDwq, referenceDwk);
        TestData.AssertClose(fastDx, referenceDx, 1e-5f, 1e-5f, "dQkv");
        TestData.AssertClose(fastDwq, referenceDwq, 2e-6f * rows, 1e-5f, "dQWeight");
        TestData.AssertClose(fastDwk, referenceDwk, 2e-6f * rows, 1e-5f, "dKWeight");
    }

    [Theory]
    [InlineData("Reference")]
    [InlineData("Fast")]
    public void Forward_OneRow_NormsWholeQAndKSlicesAndCopiesV(string implementation)
    {
        // H = 2, KVH = 1, D = 2: row [q0 q1 | q2 q3 | k0 k1 | v0 v1]. The Q norm spans both query heads.
        float[] x = [1f, 2f, 3f, 4f, 6f, 8f, -5f, 7f];
        float[] wq = [1f, 1f, 2f, 2f], wk = [1f, 0.5f];
        var y = new float[8];
        var rstd = new float[2];
        if (implementation == "Fast") QkNormKernel.Forward(x, wq, wk, 1, 0f, y, rstd);
        else QkNormKernel.ForwardReference(x, wq, wk, 1, 0f, y, rstd);
        double sq = Math.Sqrt((1 + 4 + 9 + 16) / 4.0), sk = Math.Sqrt((36 + 64) / 2.0);
        double[] expected = [1 / sq, 2 / sq, 6 / sq, 8 / sq, 6 / sk, 0.5 * 8 / sk, -5, 7];
        for (int i = 0; i < 8; i++) Assert.Equal(expected[i], y[i], 1e-6);
        Assert.Equal(1 / sq, rstd[0], 1e-6);
        Assert.Equal(1 / sk, rstd[1], 1e-6);
    }

    [Fact]
    public void Backward_EmptyGradients_AreSkipped()
    {
        var (x, wq, wk) = Inputs(3, 2, 1, 4);
        var rstd = new float[6];
        QkNormKernel.Forward(x, wq, wk, 3, Eps, new float[x.Length], rstd);
        var dx = new float[x.Length];
        QkNormKernel.Backward(x, wq, wk, rstd, TestData.Normal(x.Length, 8), 3, default, dx, default, default);
        var expected = new float[x.Length];
        QkNormKernel.BackwardReference(x, wq, wk, rstd, TestData.Normal(x.Length, 8), 3, expected, default, default);
        TestData.AssertClose(dx, expected, 1e-5f, 1e-5f, "dQkv");
    }

    [Theory]
    [InlineData(4 * 4, 2 * 4, (4 + 2 * 2) * 4 + 1, "channels")]   // qkv width does not match the heads
    [InlineData(4 * 4 + 1, 2 * 4, (4 + 2 * 2) * 4, "query norm weight")]
    [InlineData(4 * 4, 4 * 4, (4 + 2 * 2) * 4, "key norm weight")]
    public void Op_BadShape_Throws(int qWidth, int kWidth, int channels, string messagePart)
    {
        var qkv = Tensor.Zeros(1, 3, channels);
        var error = Assert.Throws<ArgumentException>(() => Ops.QkNorm(new Tape(), qkv, Tensor.Zeros(qWidth), Tensor.Zeros(kWidth), 4, 2, 4, Eps));
        Assert.Contains(messagePart, error.Message);
    }

    [Fact]
    public void Kernel_WrongLengths_Throw()
    {
        Assert.Throws<ArgumentException>(() => QkNormKernel.Forward(new float[31], new float[8], new float[4], 2, Eps, new float[32], new float[4]));
        Assert.Throws<ArgumentException>(() => QkNormKernel.Forward(new float[32], new float[8], new float[4], 2, Eps, new float[32], new float[2]));
        Assert.Throws<ArgumentException>(() => QkNormKernel.Backward(new float[32], new float[8], new float[4], new float[4], new float[32], 2, new float[1], new float[32], new float[8], default));
    }
}

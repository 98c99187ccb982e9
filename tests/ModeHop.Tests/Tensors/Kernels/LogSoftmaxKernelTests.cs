using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>The reference works in double; the fast log-sum-exp carries ~1e-6 relative rounding, hence atol 1e-5 on log-probs of order ten.</summary>
public class LogSoftmaxKernelTests
{
    [Theory]
    [MemberData(nameof(CrossEntropyKernelTests.Shapes), MemberType = typeof(CrossEntropyKernelTests))]
    public void Forward_Fast_MatchesReference(int rows, int vocab)
    {
        var logits = TestData.Normal(rows * vocab, 1, 3f);
        var fast = new float[logits.Length];
        var reference = new float[logits.Length];
        LogSoftmaxKernel.Forward(logits, rows, fast);
        LogSoftmaxKernel.ForwardReference(logits, rows, reference);
        TestData.AssertClose(fast, reference, 1e-5f, 1e-6f, "log-probs");
    }

    [Fact]
    public void Forward_Rows_ExponentiateToOne()
    {
        const int N = 6, V = 1001;
        var logits = TestData.Normal(N * V, 2, 5f);
        var logProbs = new float[N * V];
        LogSoftmaxKernel.Forward(logits, N, logProbs);
        for (int r = 0; r < N; r++)
            Assert.Equal(1.0, logProbs.AsSpan(r * V, V).ToArray().Sum(v => Math.Exp(v)), 1e-5);
    }

    [Fact]
    public void LogSumExp_NegativeInfinityEntries_AreSkipped()
    {
        Assert.Equal(Math.Log(2.0), LogSoftmaxKernel.LogSumExp([0f, float.NegativeInfinity, 0f]), 1e-6);
        Assert.Equal(float.NegativeInfinity, LogSoftmaxKernel.LogSumExp([float.NegativeInfinity, float.NegativeInfinity]));
    }
}

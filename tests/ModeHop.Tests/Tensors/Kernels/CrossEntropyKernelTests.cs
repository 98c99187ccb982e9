using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>
/// The reference computes log-sum-exp and probabilities in double. The fast loss differs by the
/// float rounding of the row sums (rtol 1e-5); gradients by that of exp (rtol 1e-5), and at the target
/// by the rounding of p·s − s, one ulp of s = dLoss/K ≤ 0.7 (atol 1e-7).
/// </summary>
public class CrossEntropyKernelTests
{
    public static TheoryData<int, int> Shapes() => new()
    {
        { 1, 1 }, { 300, 1 }, { 5, 13 }, { 3, 16 }, { 257, 100 }, { 9, 4096 }, { 4, 50304 },
    };

    static int[] Targets(int rows, int vocab, int seed)
    {
        var rng = new Random(seed);
        // About one position in four is ignored; the last row always counts.
        return Enumerable.Range(0, rows).Select(r => r < rows - 1 && rng.Next(4) == 0 ? -1 : rng.Next(vocab)).ToArray();
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_Fast_MatchesReference(int rows, int vocab)
    {
        var logits = TestData.Normal(rows * vocab, 1, 3f);
        var targets = Targets(rows, vocab, 2);
        var fastLse = new float[rows];
        var referenceLse = new float[rows];
        float fast = CrossEntropyKernel.Forward(logits, targets, vocab, fastLse);
        float reference = CrossEntropyKernel.ForwardReference(logits, targets, vocab, referenceLse);
        Assert.True(Math.Abs(fast - reference) <= 1e-5f * Math.Max(1f, Math.Abs(reference)), $"loss {fast}, reference {reference}");
        for (int r = 0; r < rows; r++)
            if (targets[r] != -1) Assert.True(Math.Abs(fastLse[r] - referenceLse[r]) <= 1e-5f * Math.Max(1f, Math.Abs(referenceLse[r])), $"lse[{r}] {fastLse[r]}, reference {referenceLse[r]}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_Fast_MatchesReferenceAndAccumulates(int rows, int vocab)
    {
        var logits = TestData.Normal(rows * vocab, 3, 3f);
        var targets = Targets(rows, vocab, 4);
        var lse = new float[rows];
        CrossEntropyKernel.ForwardReference(logits, targets, vocab, lse);
        var fast = TestData.Normal(rows * vocab, 5, 1e-3f);
        var reference = (float[])fast.Clone();
        CrossEntropyKernel.Backward(logits, targets, lse, 0.7f, vocab, fast);
        CrossEntropyKernel.BackwardReference(logits, targets, lse, 0.7f, vocab, reference);
        TestData.AssertClose(fast, reference, 1e-7f, 1e-5f, "dLogits");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_Overwrite_MatchesReferenceFromZeroIgnoringOldValues(int rows, int vocab)
    {
        var logits = TestData.Normal(rows * vocab, 6, 3f);
        var targets = Targets(rows, vocab, 7);
        var lse = new float[rows];
        CrossEntropyKernel.ForwardReference(logits, targets, vocab, lse);
        var fast = Enumerable.Repeat(float.NaN, rows * vocab).ToArray();
        var reference = new float[rows * vocab];
        CrossEntropyKernel.Backward(logits, targets, lse, 0.7f, vocab, fast, accumulate: false);
        CrossEntropyKernel.BackwardReference(logits, targets, lse, 0.7f, vocab, reference);
        TestData.AssertClose(fast, reference, 1e-7f, 1e-5f, "dLogits, overwrite");
    }

    [Fact]
    public void Backward_OverwriteAllIgnored_ClearsTheGradient()
    {
        var dLogits = new[] { 1f, 2f, 3f, 4f };
        CrossEntropyKernel.Backward([0f, 1f, 2f, 3f], [-1, -1], new float[2], 1f, 2, dLogits, accumulate: false);
        Assert.Equal(new float[4], dLogits);
    }

    [Fact]
    public void Forward_KnownRow_IsLogSumExpMinusTarget()
    {
        // Row [0, ln 3]: softmax [1/4, 3/4], so the loss of target 1 is ln(4/3); row 2 is ignored.
        float loss = CrossEntropyKernel.Forward([0f, MathF.Log(3f), 5f, -5f], [1, -1], 2, new float[2]);
        Assert.Equal(Math.Log(4.0 / 3.0), loss, 1e-6);
    }

    [Fact]
    public void ForwardBackward_HugeLogits_StayFinite()
    {
        float[] logits = [1e30f, -1e30f, 0f, 3e38f, 3e38f, -3e38f];
        var lse = new float[2];
        float loss = CrossEntropyKernel.Forward(logits, [1, 0], 3, lse);
        var dLogits = new float[6];
        CrossEntropyKernel.Backward(logits, [1, 0], lse, 1f, 3, dLogits);
        Assert.True(float.IsFinite(loss), $"loss {loss}");
        Assert.All(dLogits, d => Assert.True(float.IsFinite(d), $"gradient {d}"));
    }

    [Fact]
    public void AllIgnored_LossAndGradientAreZero()
    {
        var logits = TestData.Normal(3 * 5, 6);
        var dLogits = new float[15];
        var lse = new float[3];
        Assert.Equal(0f, CrossEntropyKernel.Forward(logits, [-1, -1, -1], 5, lse));
        CrossEntropyKernel.Backward(logits, [-1, -1, -1], lse, 1f, 5, dLogits);
        Assert.All(dLogits, d => Assert.Equal(0f, d));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-2)]
    public void Forward_TargetOutOfRange_ThrowsNamingTheTarget(int badTarget)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => CrossEntropyKernel.Forward(new float[10], [0, badTarget], 5, new float[2]));
        Assert.Contains($"Target {badTarget} at position 1", ex.Message);
    }
}

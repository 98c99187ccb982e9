using ModeHop.Tensors;
using ModeHop.Tensors.Kernels;
using ModeHop.Tensors.Ops;

namespace ModeHop.Tests.Tensors.Kernels;

public class AttentionKernelTests
{
    delegate void ForwardFn(ReadOnlySpan<float> qkv, int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim, Span<float> output, Span<float> logSumExp);

    delegate void BackwardFn(ReadOnlySpan<float> qkv, ReadOnlySpan<float> logSumExp, ReadOnlySpan<float> dOut, int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim, Span<float> dQkv);

    static ForwardFn ForwardOf(string implementation) => implementation switch
    {
        "Reference" => AttentionKernel.ForwardReference,
        "Fast" => AttentionKernel.Forward,
        _ => throw new ArgumentException(implementation),
    };

    static BackwardFn BackwardOf(string implementation) => implementation switch
    {
        "Reference" => AttentionKernel.BackwardReference,
        "Fast" => AttentionKernel.Backward,
        _ => throw new ArgumentException(implementation),
    };

    public static TheoryData<string> Implementations() => new() { "Reference", "Fast" };

    // B, T, H, KVH, D. T = 33, 70 and 100 end in a partial row panel (MR = 12 or 6) and key sliver (NR = 32 or 16),
    // 96 in full ones; D = 5 and 12 pad channels, 64 spans two slivers.
    public static TheoryData<int, int, int, int, int> Shapes() => new()
    {
        { 2, 96, 2, 2, 32 },
        { 1, 100, 4, 2, 64 },
        { 1, 1, 1, 1, 4 },
        { 1, 5, 2, 2, 8 },
        { 2, 5, 2, 1, 4 },
        { 3, 17, 4, 4, 8 },
        { 2, 17, 4, 2, 16 },
        { 1, 17, 4, 1, 32 },
        { 2, 64, 2, 2, 8 },
        { 1, 64, 4, 2, 32 },
        { 3, 64, 3, 1, 4 },
        { 1, 33, 4, 4, 5 },
        { 2, 70, 2, 1, 12 },
    };

    static int Channels(int H, int KVH, int D) => (H + 2 * KVH) * D;


    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_Fast_MatchesReference(int B, int T, int H, int KVH, int D)
    {
        var qkv = TestData.Normal(B * T * Channels(H, KVH, D), 11, 0.7f);
        var expected = new float[B * T * H * D];
        var expectedLse = new float[B * H * T];
        AttentionKernel.ForwardReference(qkv, B, T, H, KVH, D, expected, expectedLse);

        var actual = new float[expected.Length];
        var actualLse = new float[B * H * T];
        AttentionKernel.Forward(qkv, B, T, H, KVH, D, actual, actualLse);
        TestData.AssertClose(actual, expected, 1e-5f, 1e-4f, "attention output");
        TestData.AssertClose(actualLse, expectedLse, 1e-5f, 1e-5f, "attention log-sum-exp");

        var withoutLse = new float[expected.Length];
        AttentionKernel.Forward(qkv, B, T, H, KVH, D, withoutLse, default);
        Assert.Equal(actual, withoutLse);
    }

    /// <summary>qkv, an output gradient and the reference forward's log-sum-exps for a backward test.</summary>
    static (float[] Qkv, float[] DOut, float[] Lse) BackwardInputs(int B, int T, int H, int KVH, int D, int qkvSeed, int dOutSeed)
    {
        var qkv = TestData.Normal(B * T * Channels(H, KVH, D), qkvSeed, 0.7f);
        var dOut = TestData.Normal(B * T * H * D, dOutSeed);
        var lse = new float[B * H * T];
        AttentionKernel.ForwardReference(qkv, B, T, H, KVH, D, new float[dOut.Length], lse);
        return (qkv, dOut, lse);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_Fast_MatchesReference(int B, int T, int H, int KVH, int D)
    {
        var (qkv, dOut, lse) = BackwardInputs(B, T, H, KVH, D, qkvSeed: 12, dOutSeed: 13);
        var expected = TestData.Normal(qkv.Length, 14);
        var actual = (float[])expected.Clone();
        AttentionKernel.BackwardReference(qkv, lse, dOut, B, T, H, KVH, D, expected);
        AttentionKernel.Backward(qkv, lse, dOut, B, T, H, KVH, D, actual);
        TestData.AssertClose(actual, expected, 1e-5f, 1e-4f, "attention dQkv");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_FastOverwrite_WritesEveryValueAsAccumulatingOntoZeros(int B, int T, int H, int KVH, int D)
    {
        var (qkv, dOut, lse) = BackwardInputs(B, T, H, KVH, D, qkvSeed: 17, dOutSeed: 18);
        var accumulated = new float[qkv.Length];
        AttentionKernel.Backward(qkv, lse, dOut, B, T, H, KVH, D, accumulated);
        // NaN everywhere first: a value the overwrite misses, or adds to, shows.
        var written = Enumerable.Repeat(float.NaN, qkv.Length).ToArray();
        AttentionKernel.Backward(qkv, lse, dOut, B, T, H, KVH, D, written, accumulate: false);
        Assert.Equal(accumulated, written);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Forward_LaterTokensChanged_EarlierOutputsUnchanged(string implementation)
    {
        const int B = 2, T = 40, H = 4, KVH = 2, D = 8, cut = 20;
        int C = Channels(H, KVH, D);
        var qkv = TestData.Normal(B * T * C, 15);
        var changed = (float[])qkv.Clone();
        var noise = TestData.Normal(changed.Length, 16, 3f);
        for (int b = 0; b < B; b++)
            for (int i = (b * T + cut + 1) * C; i < (b + 1) * T * C; i++) changed[i] += noise[i];

        var before = new float[B * T * H * D];
        var after = new float[before.Length];
        ForwardOf(implementation)(qkv, B, T, H, KVH, D, before, default);
        ForwardOf(implementation)(changed, B, T, H, KVH, D, after, default);
        for (int b = 0; b < B; b++)
        {
            var early = new Range(b * T * H * D, (b * T + cut + 1) * H * D);
            var late = new Range((b * T + cut + 1) * H * D, (b + 1) * T * H * D);
            Assert.Equal(before[early], after[early]);
            Assert.NotEqual(before[late], after[late]);
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Forward_ZeroQueries_AveragesValuesSoFar(string implementation)
    {
        const int T = 37, H = 2, KVH = 1, D = 4;
        int C = Channels(H, KVH, D);
        var qkv = TestData.Normal(T * C, 17);
        for (int t = 0; t < T; t++) Array.Clear(qkv, t * C, H * D);
        var output = new float[T * H * D];
        ForwardOf(implementation)(qkv, 1, T, H, KVH, D, output, default);
        for (int t = 0; t < T; t++)
            for (int h = 0; h < H; h++)
                for (int d = 0; d < D; d++)
                {
                    double mean = 0;
                    for (int j = 0; j <= t; j++) mean += qkv[j * C + (H + KVH) * D + d];
                    mean /= t + 1;
                    Assert.True(Math.Abs(output[(t * H + h) * D + d] - mean) <= 1e-5, $"t{t} h{h} d{d}: {output[(t * H + h) * D + d]}, expected the mean {mean}.");
                }
    }

    /// <summary>Grouped-query attention is multi-head attention with each kv head repeated for its query heads (HF repeat_kv).</summary>
    [Theory]
    [MemberData(nameof(Implementations))]
    public void GroupedQuery_EqualsMultiHeadWithRepeatedKeyValues(string implementation)
    {
        const int B = 2, T = 35, H = 4, KVH = 2, D = 8, group = H / KVH;
        int C = Channels(H, KVH, D), CM = Channels(H, H, D);
        var qkv = TestData.Normal(B * T * C, 18);
        var expanded = new float[B * T * CM];
        for (int r = 0; r < B * T; r++)
        {
            Array.Copy(qkv, r * C, expanded, r * CM, H * D);
            for (int h = 0; h < H; h++)
            {
                Array.Copy(qkv, r * C + (H + h / group) * D, expanded, r * CM + (H + h) * D, D);
                Array.Copy(qkv, r * C + (H + KVH + h / group) * D, expanded, r * CM + (2 * H + h) * D, D);
            }
        }
        var dOut = TestData.Normal(B * T * H * D, 19);

        var gqa = new float[dOut.Length];
        var gqaLse = new float[B * H * T];
        ForwardOf(implementation)(qkv, B, T, H, KVH, D, gqa, gqaLse);
        var dGqa = new float[qkv.Length];
        BackwardOf(implementation)(qkv, gqaLse, dOut, B, T, H, KVH, D, dGqa);

        var mha = new float[dOut.Length];
        var mhaLse = new float[B * H * T];
        ForwardOf(implementation)(expanded, B, T, H, H, D, mha, mhaLse);
        var dMha = new float[expanded.Length];
        BackwardOf(implementation)(expanded, mhaLse, dOut, B, T, H, H, D, dMha);

        Assert.Equal(mha, gqa);
        // Fold the repeated heads' gradients back onto their kv head.
        var folded = new float[qkv.Length];
        for (int r = 0; r < B * T; r++)
        {
            for (int i = 0; i < H * D; i++) folded[r * C + i] = dMha[r * CM + i];
            for (int h = 0; h < H; h++)
                for (int d = 0; d < D; d++)
                {
                    folded[r * C + (H + h / group) * D + d] += dMha[r * CM + (H + h) * D + d];
                    folded[r * C + (H + KVH + h / group) * D + d] += dMha[r * CM + (2 * H + h) * D + d];
                }
        }
        TestData.AssertClose(dGqa, folded, 1e-5f, 1e-4f, "grouped-query dQkv");
    }

    [Fact]
    public void Fast_RepeatedRuns_AreByteIdentical()
    {
        const int B = 2, T = 50, H = 4, KVH = 1, D = 16;
        var qkv = TestData.Normal(B * T * Channels(H, KVH, D), 20);
        var dOut = TestData.Normal(B * T * H * D, 21);
        float[] Run()
        {
            var lse = new float[B * H * T];
            AttentionKernel.Forward(qkv, B, T, H, KVH, D, new float[dOut.Length], lse);
            var dQkv = new float[qkv.Length];
            AttentionKernel.Backward(qkv, lse, dOut, B, T, H, KVH, D, dQkv);
            return dQkv;
        }
        var first = Run();
        for (int i = 0; i < 3; i++) Assert.Equal(first, Run());
    }

    [Theory]
    [InlineData(4, 3, 8, 10 * 8, "multiple")]     // H not divisible by KVH
    [InlineData(4, 2, 8, 8 * 8 + 4, "channels")]  // channel count mismatch
    [InlineData(0, 1, 8, 8, "head count")]
    public void Op_BadShape_Throws(int H, int KVH, int D, int channels, string messagePart)
    {
        var qkv = new Tensor(new float[2 * 3 * channels], [2, 3, channels]);
        var error = Assert.Throws<ArgumentException>(() => Ops.CausalAttention(new Tape(), qkv, H, KVH, D));
        Assert.Contains(messagePart, error.Message);
    }

    [Fact]
    public void Op_TwoDimensionalInput_Throws()
    {
        var qkv = new Tensor(new float[3 * 24], [3, 24]);
        var error = Assert.Throws<ArgumentException>(() => Ops.CausalAttention(new Tape(), qkv, 2, 2, 4));
        Assert.Contains("3-D", error.Message);
    }

    [Fact]
    public void Backward_LogSumExpOfWrongLength_Throws()
    {
        const int B = 1, T = 4, H = 2, KVH = 2, D = 4;
        var qkv = new float[B * T * Channels(H, KVH, D)];
        var error = Assert.Throws<ArgumentException>(() =>
            AttentionKernel.Backward(qkv, new float[B * H * T - 1], new float[B * T * H * D], B, T, H, KVH, D, new float[qkv.Length]));
        Assert.Contains("logSumExp", error.Message);
    }
}

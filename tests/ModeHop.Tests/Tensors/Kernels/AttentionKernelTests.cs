using ModeHop.Tensors;
using ModeHop.Tensors.Kernels;
using ModeHop.Tensors.Ops;

namespace ModeHop.Tests.Tensors.Kernels;

public class AttentionKernelTests
{
    delegate void ForwardFn(ReadOnlySpan<float> qkv, int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim, Span<float> output, Span<float> probs);

    delegate void BackwardFn(ReadOnlySpan<float> qkv, ReadOnlySpan<float> probs, ReadOnlySpan<float> dOut, int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim, Span<float> dQkv);

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

    // B, T, H, KVH, D. T = 33 and 70 end in a partial row block, 64 in a full one (RowBlock = 32).
    public static TheoryData<int, int, int, int, int> Shapes() => new()
    {
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

    /// <summary>Probabilities buffer with NaN everywhere, so a read above the diagonal would show.</summary>
    static float[] NaNProbs(int B, int H, int T) => Enumerable.Repeat(float.NaN, B * H * T * T).ToArray();

    static float[] LowerTriangle(float[] probs, int B, int H, int T)
    {
        var lower = new List<float>();
        for (int bh = 0; bh < B * H; bh++)
            for (int t = 0; t < T; t++)
                for (int j = 0; j <= t; j++)
                    lower.Add(probs[(bh * T + t) * T + j]);
        return lower.ToArray();
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_Fast_MatchesReference(int B, int T, int H, int KVH, int D)
    {
        var qkv = TestData.Normal(B * T * Channels(H, KVH, D), 11, 0.7f);
        var expected = new float[B * T * H * D];
        var expectedProbs = NaNProbs(B, H, T);
        AttentionKernel.ForwardReference(qkv, B, T, H, KVH, D, expected, expectedProbs);

        var actual = new float[expected.Length];
        var actualProbs = NaNProbs(B, H, T);
        AttentionKernel.Forward(qkv, B, T, H, KVH, D, actual, actualProbs);
        TestData.AssertClose(actual, expected, 1e-5f, 1e-4f, "attention output");
        TestData.AssertClose(LowerTriangle(actualProbs, B, H, T), LowerTriangle(expectedProbs, B, H, T), 1e-6f, 1e-4f, "attention probabilities");

        var withoutProbs = new float[expected.Length];
        AttentionKernel.Forward(qkv, B, T, H, KVH, D, withoutProbs, default);
        Assert.Equal(actual, withoutProbs);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_Fast_MatchesReference(int B, int T, int H, int KVH, int D)
    {
        var qkv = TestData.Normal(B * T * Channels(H, KVH, D), 12, 0.7f);
        var dOut = TestData.Normal(B * T * H * D, 13);
        var probs = NaNProbs(B, H, T);
        AttentionKernel.ForwardReference(qkv, B, T, H, KVH, D, new float[dOut.Length], probs);

        var expected = TestData.Normal(qkv.Length, 14);
        var actual = (float[])expected.Clone();
        AttentionKernel.BackwardReference(qkv, probs, dOut, B, T, H, KVH, D, expected);
        AttentionKernel.Backward(qkv, probs, dOut, B, T, H, KVH, D, actual);
        TestData.AssertClose(actual, expected, 1e-5f, 1e-4f, "attention dQkv");
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
        var gqaProbs = new float[B * H * T * T];
        ForwardOf(implementation)(qkv, B, T, H, KVH, D, gqa, gqaProbs);
        var dGqa = new float[qkv.Length];
        BackwardOf(implementation)(qkv, gqaProbs, dOut, B, T, H, KVH, D, dGqa);

        var mha = new float[dOut.Length];
        var mhaProbs = new float[B * H * T * T];
        ForwardOf(implementation)(expanded, B, T, H, H, D, mha, mhaProbs);
        var dMha = new float[expanded.Length];
        BackwardOf(implementation)(expanded, mhaProbs, dOut, B, T, H, H, D, dMha);

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
            var probs = new float[B * H * T * T];
            AttentionKernel.Forward(qkv, B, T, H, KVH, D, new float[dOut.Length], probs);
            var dQkv = new float[qkv.Length];
            AttentionKernel.Backward(qkv, probs, dOut, B, T, H, KVH, D, dQkv);
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
    public void Backward_ProbsOfWrongLength_Throws()
    {
        const int B = 1, T = 4, H = 2, KVH = 2, D = 4;
        var qkv = new float[B * T * Channels(H, KVH, D)];
        var error = Assert.Throws<ArgumentException>(() =>
            AttentionKernel.Backward(qkv, new float[B * H * T * T - 1], new float[B * T * H * D], B, T, H, KVH, D, new float[qkv.Length]));
        Assert.Contains("probs", error.Message);
    }
}

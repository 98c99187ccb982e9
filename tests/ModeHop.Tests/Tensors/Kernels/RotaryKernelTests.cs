using ModeHop.Tensors;
using ModeHop.Tensors.Kernels;
using ModeHop.Tensors.Ops;

namespace ModeHop.Tests.Tensors.Kernels;

public class RotaryKernelTests
{
    delegate void RotaryFn(ReadOnlySpan<float> x, int batchSize, int seqLen, int headCount, int kvHeadCount, int headDim, int rotaryDims, float theta, int positionOffset, Span<float> y);

    static RotaryFn ForwardOf(string implementation) => implementation switch
    {
        "Reference" => RotaryKernel.ForwardReference,
        "Fast" => RotaryKernel.Forward,
        _ => throw new ArgumentException(implementation),
    };

    static RotaryFn BackwardOf(string implementation) => implementation switch
    {
        "Reference" => RotaryKernel.BackwardReference,
        "Fast" => RotaryKernel.Backward,
        _ => throw new ArgumentException(implementation),
    };

    public static TheoryData<string> Implementations() => new() { "Reference", "Fast" };

    // B, T, H, KVH, D, R, positionOffset. Half widths 16 and 32 take the 512-bit path, 12 the 256-bit path
    // plus a scalar tail, 1..4 the scalar loop.
    public static TheoryData<int, int, int, int, int, int, int> Shapes() => new()
    {
        { 1, 1, 1, 1, 4, 4, 0 },
        { 2, 5, 2, 2, 8, 8, 0 },
        { 1, 5, 2, 1, 8, 2, 7 },
        { 3, 17, 4, 2, 16, 4, 0 },
        { 2, 17, 4, 4, 32, 32, 0 },
        { 1, 64, 4, 1, 32, 8, 0 },
        { 2, 64, 3, 3, 16, 0, 0 },
        { 1, 17, 2, 1, 64, 64, 1000 },
        { 1, 5, 2, 2, 48, 24, 3 },
        { 3, 64, 4, 2, 4, 0, 0 },
    };

    static int Channels(int H, int KVH, int D) => (H + 2 * KVH) * D;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_Fast_MatchesReference(int B, int T, int H, int KVH, int D, int R, int offset)
    {
        var x = TestData.Normal(B * T * Channels(H, KVH, D), 1);
        var expected = new float[x.Length];
        var actual = new float[x.Length];
        RotaryKernel.ForwardReference(x, B, T, H, KVH, D, R, 10000f, offset, expected);
        RotaryKernel.Forward(x, B, T, H, KVH, D, R, 10000f, offset, actual);
        TestData.AssertClose(actual, expected, 1e-6f, 1e-6f, "rotary forward");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_Fast_MatchesReference(int B, int T, int H, int KVH, int D, int R, int offset)
    {
        var dY = TestData.Normal(B * T * Channels(H, KVH, D), 2);
        var expected = TestData.Normal(dY.Length, 3);
        var actual = (float[])expected.Clone();
        RotaryKernel.BackwardReference(dY, B, T, H, KVH, D, R, 500000f, offset, expected);
        RotaryKernel.Backward(dY, B, T, H, KVH, D, R, 500000f, offset, actual);
        TestData.AssertClose(actual, expected, 1e-6f, 1e-6f, "rotary backward");
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Backward_IsTransposeOfForward(string implementation)
    {
        const int B = 2, T = 9, H = 4, KVH = 2, D = 16, R = 8, offset = 5;
        var x = TestData.Normal(B * T * Channels(H, KVH, D), 4);
        var y = TestData.Normal(x.Length, 5);
        var rx = new float[x.Length];
        var rty = new float[x.Length];
        ForwardOf(implementation)(x, B, T, H, KVH, D, R, 10000f, offset, rx);
        BackwardOf(implementation)(y, B, T, H, KVH, D, R, 10000f, offset, rty);
        double left = 0, right = 0;
        for (int i = 0; i < x.Length; i++)
        {
            left += (double)rx[i] * y[i];
            right += (double)x[i] * rty[i];
        }
        Assert.True(Math.Abs(left - right) <= 1e-4 * (1 + Math.Abs(left)), $"<R·x, y> = {left} but <x, Rᵀ·y> = {right}.");
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Forward_AtPositionZero_IsIdentity(string implementation)
    {
        const int B = 3, T = 1, H = 4, KVH = 2, D = 32, R = 32;
        var x = TestData.Normal(B * T * Channels(H, KVH, D), 6);
        var y = new float[x.Length];
        ForwardOf(implementation)(x, B, T, H, KVH, D, R, 10000f, 0, y);
        Assert.Equal(x, y);
    }

    /// <summary>
    /// The HF formulas spelled out: inv_freq = 1/base^(arange(0, R, 2)/R), emb = cat(freqs, freqs),
    /// q·cos + rotate_half(q)·sin on the first R dims, rotate_half(x) = cat(−x[R/2:], x[:R/2]).
    /// </summary>
    [Theory]
    [InlineData("Reference", 8)]
    [InlineData("Reference", 4)]
    [InlineData("Fast", 8)]
    [InlineData("Fast", 4)]
    [InlineData("Fast", 0)]
    public void Forward_MatchesHuggingFaceFormula(string implementation, int R)
    {
        const int B = 2, T = 6, H = 2, KVH = 1, D = 8, offset = 2;
        const double theta = 10000;
        int C = Channels(H, KVH, D);
        var x = TestData.Normal(B * T * C, 7);
        var y = new float[x.Length];
        ForwardOf(implementation)(x, B, T, H, KVH, D, R, (float)theta, offset, y);
        for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++)
        for (int head = 0; head < H + 2 * KVH; head++)
        {
            int start = (b * T + t) * C + head * D;
            bool rotated = head < H + KVH;
            for (int i = 0; i < D; i++)
            {
                double expected = x[start + i];
                if (rotated && i < R)
                {
                    int half = R / 2;
                    double freq = (offset + t) / Math.Pow(theta, 2.0 * (i % half) / R);
                    double rotateHalf = i < half ? -x[start + i + half] : x[start + i - half];
                    expected = x[start + i] * Math.Cos(freq) + rotateHalf * Math.Sin(freq);
                }
                Assert.True(Math.Abs(y[start + i] - expected) <= 1e-5, $"b{b} t{t} head{head} dim{i}: {y[start + i]}, expected {expected}.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Forward_WithOffset_MatchesTailOfLongerSequence(string implementation)
    {
        const int T = 12, tail = 5, H = 2, KVH = 2, D = 16, R = 16;
        int C = Channels(H, KVH, D);
        var x = TestData.Normal(T * C, 8);
        var full = new float[x.Length];
        ForwardOf(implementation)(x, 1, T, H, KVH, D, R, 10000f, 0, full);
        var shifted = new float[tail * C];
        ForwardOf(implementation)(x.AsSpan((T - tail) * C), 1, tail, H, KVH, D, R, 10000f, T - tail, shifted);
        Assert.Equal(full.AsSpan((T - tail) * C).ToArray(), shifted);
    }

    [Fact]
    public void Table_ConcurrentGrowth_GivesSameValuesAsDirectComputation()
    {
        const int R = 6;
        const float theta = 1234.5f;
        var tables = new RotaryTable[64];
        Parallel.For(0, tables.Length, i => tables[i] = RotaryTable.Get(R, theta, 1 + i * 97));
        for (int i = 0; i < tables.Length; i++)
        {
            int position = i * 97;
            Assert.True(tables[i].Positions > position);
            for (int j = 0; j < R / 2; j++)
            {
                double angle = position * RotaryTable.InverseFrequency(j, R, theta);
                Assert.Equal((float)Math.Cos(angle), tables[i].Cos(position)[j]);
                Assert.Equal((float)Math.Sin(angle), tables[i].Sin(position)[j]);
            }
        }
    }

    [Theory]
    [InlineData(4, 2, 8, 3, 8 * 8, "even")]          // odd rotary dims
    [InlineData(4, 2, 8, 10, 8 * 8, "even")]         // rotary dims above the head dim
    [InlineData(4, 3, 8, 8, 10 * 8, "multiple")]     // H not divisible by KVH
    [InlineData(4, 2, 8, 8, 8 * 8 + 1, "channels")]  // channel count mismatch
    public void Op_BadShape_Throws(int H, int KVH, int D, int R, int channels, string messagePart)
    {
        var qkv = new Tensor(new float[2 * 3 * channels], [2, 3, channels]);
        var error = Assert.Throws<ArgumentException>(() => Ops.Rotary(new Tape(), qkv, H, KVH, D, R, 10000f));
        Assert.Contains(messagePart, error.Message);
    }

    [Fact]
    public void Forward_NegativeOffset_Throws()
    {
        var x = new float[Channels(1, 1, 4)];
        Assert.Throws<ArgumentException>(() => RotaryKernel.Forward(x, 1, 1, 1, 1, 4, 4, 10000f, -1, new float[x.Length]));
    }

    /// <summary>Per-token positions: fast equals reference, and each row equals the uniform-offset kernel run on it alone.</summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardAtPositions_MatchesReferenceAndPerRowOffsets(int B, int T, int H, int KVH, int D, int R, int offset)
    {
        int C = Channels(H, KVH, D);
        var x = TestData.Normal(B * T * C, 6);
        var rowOffsets = Enumerable.Range(0, B).Select(b => offset + 37 * b).ToArray();
        var positions = Enumerable.Range(0, B * T).Select(i => rowOffsets[i / T] + i % T).ToArray();
        var expected = new float[x.Length];
        var actual = new float[x.Length];
        RotaryKernel.ForwardReference(x, positions, B, T, H, KVH, D, R, 10000f, expected);
        RotaryKernel.Forward(x, positions, B, T, H, KVH, D, R, 10000f, actual);
        TestData.AssertClose(actual, expected, 1e-6f, 1e-6f, "rotary at positions");
        for (int b = 0; b < B; b++)
        {
            var alone = new float[T * C];
            RotaryKernel.Forward(x.AsSpan(b * T * C, T * C), 1, T, H, KVH, D, R, 10000f, rowOffsets[b], alone);
            Assert.Equal(alone, actual.AsSpan(b * T * C, T * C).ToArray());
        }
    }

    [Fact]
    public void ForwardAtPositions_NegativeOrMissingPosition_Throws()
    {
        var x = new float[2 * Channels(1, 1, 4)];
        Assert.Throws<ArgumentException>(() => RotaryKernel.Forward(x, [0, -1], 1, 2, 1, 1, 4, 4, 10000f, new float[x.Length]));
        Assert.Throws<ArgumentException>(() => RotaryKernel.Forward(x, [0], 1, 2, 1, 1, 4, 4, 10000f, new float[x.Length]));
    }
}

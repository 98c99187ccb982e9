using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Tensors.Kernels;

public class PositionEmbeddingKernelTests
{
    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 1, 1, 1 }, { 3, 5, 13 }, { 4, 300, 1 }, { 8, 256, 48 }, { 2, 64, 384 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_Fast_EqualsReference(int batchSize, int seqLen, int channels)
    {
        int maxT = seqLen + 3;
        var x = TestData.Normal(batchSize * seqLen * channels, 1);
        var positions = TestData.Normal(maxT * channels, 2);
        var fast = new float[x.Length];
        var reference = new float[x.Length];
        PositionEmbeddingKernel.Forward(x, positions, batchSize, seqLen, channels, fast);
        PositionEmbeddingKernel.ForwardReference(x, positions, batchSize, seqLen, channels, reference);
        Assert.Equal(reference, fast);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_Fast_EqualsReferenceAndLeavesUnusedPositions(int batchSize, int seqLen, int channels)
    {
        int maxT = seqLen + 3;
        var dOut = TestData.Normal(batchSize * seqLen * channels, 3);
        var fast = TestData.Normal(maxT * channels, 4);
        var before = (float[])fast.Clone();
        var reference = (float[])fast.Clone();
        PositionEmbeddingKernel.Backward(dOut, batchSize, seqLen, channels, fast);
        PositionEmbeddingKernel.BackwardReference(dOut, batchSize, seqLen, channels, reference);
        Assert.Equal(reference, fast);
        Assert.Equal(before.AsSpan(seqLen * channels).ToArray(), fast.AsSpan(seqLen * channels).ToArray());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardAtPositions_Fast_EqualsReferenceAndTheTableAtOffsets(int batchSize, int seqLen, int channels)
    {
        int maxT = seqLen + 40;
        var x = TestData.Normal(batchSize * seqLen * channels, 5);
        var positions = TestData.Normal(maxT * channels, 6);
        var tokenPositions = Enumerable.Range(0, batchSize * seqLen).Select(i => (i / seqLen * 13) % 41 + i % seqLen).ToArray();
        var fast = new float[x.Length];
        var reference = new float[x.Length];
        PositionEmbeddingKernel.Forward(x, positions, tokenPositions, channels, fast);
        PositionEmbeddingKernel.ForwardReference(x, positions, tokenPositions, channels, reference);
        Assert.Equal(reference, fast);
        for (int b = 0; b < batchSize; b++)
        {
            var row = new float[seqLen * channels];
            int offset = tokenPositions[b * seqLen];
            PositionEmbeddingKernel.Forward(x.AsSpan(b * seqLen * channels, seqLen * channels), positions.AsSpan(offset * channels), 1, seqLen, channels, row);
            Assert.Equal(row, fast.AsSpan(b * seqLen * channels, seqLen * channels).ToArray());
        }
    }

    [Fact]
    public void ForwardAtPositions_PositionPastTheTable_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => PositionEmbeddingKernel.Forward(new float[4], new float[3 * 2], [1, 3], 2, new float[4]));
        Assert.Contains("outside the 3 learned positions", error.Message);
    }
}

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
}

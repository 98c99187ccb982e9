using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Tensors.Kernels;

public class EmbeddingKernelTests
{
    static int[] Ids(int count, int vocab, int seed)
    {
        var rng = new Random(seed);
        // Few distinct ids, so many tokens share a table row.
        return Enumerable.Range(0, count).Select(_ => rng.Next(Math.Min(vocab, 7))).ToArray();
    }

    [Theory]
    [MemberData(nameof(RowShapes.All), MemberType = typeof(RowShapes))]
    public void Forward_Fast_EqualsReference(int tokens, int channels)
    {
        const int V = 11;
        var table = TestData.Normal(V * channels, 1);
        var ids = Ids(tokens, V, 2);
        var fast = new float[tokens * channels];
        var reference = new float[tokens * channels];
        EmbeddingKernel.Forward(table, ids, channels, fast);
        EmbeddingKernel.ForwardReference(table, ids, channels, reference);
        Assert.Equal(reference, fast);
    }

    [Theory]
    [MemberData(nameof(RowShapes.All), MemberType = typeof(RowShapes))]
    public void Backward_Fast_EqualsReferenceBitForBit(int tokens, int channels)
    {
        // Same additions in the same token order per element: no tolerance needed.
        const int V = 11;
        var dOut = TestData.Normal(tokens * channels, 3);
        var ids = Ids(tokens, V, 4);
        var fast = TestData.Normal(V * channels, 5);
        var reference = (float[])fast.Clone();
        EmbeddingKernel.Backward(dOut, ids, channels, fast);
        EmbeddingKernel.BackwardReference(dOut, ids, channels, reference);
        Assert.Equal(reference, fast);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Forward_IdOutOfRange_ThrowsNamingTheId(int badId)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            EmbeddingKernel.Forward(new float[11 * 2], [0, 3, badId], 2, new float[3 * 2]));
        Assert.Contains($"Token id {badId} at position 2", ex.Message);
    }
}

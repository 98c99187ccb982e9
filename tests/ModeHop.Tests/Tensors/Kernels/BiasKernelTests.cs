using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>
/// The fast forward adds the same values as the plain loop (exact); the fast backward sums rows in
/// chunks, so it agrees with the plain column sums to R·2e-6 absolute.
/// </summary>
public class BiasKernelTests
{
    [Theory]
    [MemberData(nameof(RowShapes.All), MemberType = typeof(RowShapes))]
    public void Forward_Fast_EqualsReference(int rows, int columns)
    {
        var bias = TestData.Normal(columns, 1);
        var fast = TestData.Normal(rows * columns, 2);
        var reference = (float[])fast.Clone();
        BiasKernel.Forward(bias, rows, fast);
        BiasKernel.ForwardReference(bias, rows, reference);
        Assert.Equal(reference, fast);
    }

    [Theory]
    [MemberData(nameof(RowShapes.All), MemberType = typeof(RowShapes))]
    public void Backward_Fast_MatchesReferenceAndAccumulates(int rows, int columns)
    {
        var dOut = TestData.Normal(rows * columns, 3);
        var fast = TestData.Normal(columns, 4);
        var reference = (float[])fast.Clone();
        BiasKernel.Backward(dOut, rows, new float[BiasKernel.BackwardScratchLength(rows, columns)], fast);
        BiasKernel.BackwardReference(dOut, rows, reference);
        TestData.AssertClose(fast, reference, 2e-6f * rows, 1e-5f, "dBias");
    }
}

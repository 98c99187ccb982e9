using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>References compute in double; tolerances as for <see cref="GeluKernelTests"/>.</summary>
public class SwiGluKernelTests
{
    const float Atol = 1e-6f, Rtol = 1e-5f;

    [Theory]
    [MemberData(nameof(RowShapes.All), MemberType = typeof(RowShapes))]
    public void Forward_Fast_MatchesReference(int rows, int inner)
    {
        var gateUp = TestData.Normal(rows * 2 * inner, 1, 3f);
        var fast = new float[rows * inner];
        var reference = new float[rows * inner];
        SwiGluKernel.Forward(gateUp, rows, fast);
        SwiGluKernel.ForwardReference(gateUp, rows, reference);
        TestData.AssertClose(fast, reference, Atol, Rtol, "swiglu");
    }

    [Theory]
    [MemberData(nameof(RowShapes.All), MemberType = typeof(RowShapes))]
    public void Backward_Fast_MatchesReferenceAndAccumulates(int rows, int inner)
    {
        var gateUp = TestData.Normal(rows * 2 * inner, 2, 3f);
        var dOut = TestData.Normal(rows * inner, 3);
        var fast = TestData.Normal(rows * 2 * inner, 4);
        var reference = (float[])fast.Clone();
        SwiGluKernel.Backward(gateUp, dOut, rows, fast);
        SwiGluKernel.BackwardReference(gateUp, dOut, rows, reference);
        TestData.AssertClose(fast, reference, Atol, Rtol, "swiglu backward");
    }

    [Fact]
    public void Forward_GateFirstThenUp_AsLlama()
    {
        // One row, I = 2: gate = [0, 2], up = [5, 3] → [silu(0)·5, silu(2)·3].
        var y = new float[2];
        SwiGluKernel.Forward([0f, 2f, 5f, 3f], 1, y);
        Assert.Equal(0f, y[0]);
        Assert.Equal(2.0 / (1 + Math.Exp(-2.0)) * 3.0, y[1], 1e-6);
    }
}

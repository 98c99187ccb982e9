namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>Lengths for elementwise kernel tests: 1, below and across one vector, not multiples of 16, and several parallel chunks.</summary>
public static class ElementwiseShapes
{
    public static TheoryData<int> Lengths() => new() { 1, 7, 16, 33, 1000, 70_001 };
}

namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>(rows, channels) for row kernel tests: C = 1, C not a multiple of 16, and rows ≫ threads across several parallel chunks.</summary>
public static class RowShapes
{
    public static TheoryData<int, int> All() => new()
    {
        { 1, 1 }, { 300, 1 }, { 5, 13 }, { 3, 16 }, { 64, 384 }, { 1000, 77 }, { 257, 33 },
    };
}

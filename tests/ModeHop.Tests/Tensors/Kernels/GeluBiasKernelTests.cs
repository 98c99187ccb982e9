using ModeHop.Tensors.Kernels;

namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>
/// The fused GELU + bias backward against the double-precision references, and bit for bit against the separate fast
/// kernels it replaces (GELU backward into a fresh dH, then the bias column sums).
/// </summary>
public class GeluBiasKernelTests
{
    public static TheoryData<bool, int, int> Cases()
    {
        var data = new TheoryData<bool, int, int>();
        foreach (bool tanh in new[] { true, false })
            foreach (var (rows, columns) in new[] { (1, 1), (5, 13), (3, 16), (64, 384), (1000, 77), (257, 33), (300, 512) })
                data.Add(tanh, rows, columns);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_Fast_MatchesReferenceAndTheSeparateKernelsBitForBit(bool tanh, int rows, int columns)
    {
        int n = rows * columns;
        var h = TestData.Normal(n, 1, 3f);
        var dOut = TestData.Normal(n, 2);
        var start = TestData.Normal(columns, 3);
        var scratch = new float[BiasKernel.BackwardScratchLength(rows, columns)];

        var dH = new float[n];
        var dBias = (float[])start.Clone();
        GeluBiasKernel.Backward(tanh, h, dOut, rows, scratch, dH, dBias);

        var dHReference = new float[n];
        var dBiasReference = (float[])start.Clone();
        GeluBiasKernel.BackwardReference(tanh, h, dOut, rows, dHReference, dBiasReference);
        TestData.AssertClose(dH, dHReference, 1e-6f, 1e-5f, "dH");
        TestData.AssertClose(dBias, dBiasReference, 4e-6f * rows, 1e-4f, "dBias");

        var dHSeparate = new float[n];
        var dBiasSeparate = (float[])start.Clone();
        if (tanh) GeluKernel.TanhBackward(h, dOut, dHSeparate, accumulate: false);
        else GeluKernel.ErfBackward(h, dOut, dHSeparate, accumulate: false);
        BiasKernel.Backward(dHSeparate, rows, scratch, dBiasSeparate);
        Assert.Equal(dHSeparate, dH);
        Assert.Equal(dBiasSeparate, dBias);
    }
}

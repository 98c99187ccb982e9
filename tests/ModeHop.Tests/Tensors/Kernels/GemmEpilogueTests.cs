using ModeHop.Tensors.Kernels;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tests.Tensors.Kernels;

/// <summary>
/// Y = X·Wᵀ + bias (+ residual) with the GELU applied as tiles finish (<see cref="Epilogue"/>) gives the bits of the multiply
/// followed by the separate bias, residual and GELU passes, on every kernel and path: small (≤ 4 rows), dot products (≤ 24 rows), packed with
/// edge tiles, packed with three k blocks in one phase (SplitK), few rows as Cᵀ stored transposed, serial and parallel.
/// </summary>
public class GemmEpilogueTests
{
    static readonly (int M, int N, int K)[] Shapes = [(3, 40, 20), (17, 70, 33), (100, 77, 130), (260, 512, 128), (70, 90, 2500), (50, 333, 90)];

    public static TheoryData<string, int, int, bool> Cases()
    {
        var data = new TheoryData<string, int, int, bool>();
        foreach (var kernel in GemmTests.Kernels())
            for (int s = 0; s < Shapes.Length; s++)
            {
                foreach (var activation in new[] { EpilogueActivation.None, EpilogueActivation.GeluTanh, EpilogueActivation.GeluErf })
                    data.Add(kernel, s, (int)activation, false);
                data.Add(kernel, s, (int)EpilogueActivation.None, true);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_WithBiasResidualAndActivation_EqualsSeparatePasses(string kernelName, int shape, int activationValue, bool withResidual)
    {
        var kernel = Enum.Parse<GemmKernel>(kernelName);
        var activation = (EpilogueActivation)activationValue;
        var (m, n, k) = Shapes[shape];
        var x = TestData.Normal(m * k, 1);
        var w = TestData.Normal(n * k, 2, 0.3f);
        var bias = TestData.Normal(n, 3);
        var residual = withResidual ? TestData.Normal(m * n, 4) : [];

        var expected = new float[m * n];
        Gemm.Compute(kernel, null, false, true, m, n, k, x, k, w, k, expected, n, accumulate: false);
        BiasKernel.Forward(bias, m, expected);
        if (withResidual) VectorLoops.Add(residual, expected, expected);
        var expectedActivated = new float[m * n];
        if (activation == EpilogueActivation.GeluTanh) GeluKernel.TanhForward(expected, expectedActivated);
        if (activation == EpilogueActivation.GeluErf) GeluKernel.ErfForward(expected, expectedActivated);

        using var pool = new WorkerPool(2);
        foreach (var p in new[] { null, pool })
        {
            var y = new float[m * n];
            var activated = activation == EpilogueActivation.None ? [] : new float[m * n];
            Gemm.Compute(kernel, p, false, true, m, n, k, x, k, w, k, y, n, accumulate: false, bias, activated, activation, residual);
            Assert.Equal(expected, y);
            if (activation != EpilogueActivation.None) Assert.Equal(expectedActivated, activated);
        }
    }
}

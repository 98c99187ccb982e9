using ModeHop.Dynamics.Statistics;

namespace ModeHop.Tests.Dynamics.Statistics;

public class SymmetricEigenTests
{
    [Fact]
    public void Decompose_Diagonal_ValuesSortedAndUnitVectors()
    {
        var e = SymmetricEigen.Decompose([3, 0, 0, 0, 1, 0, 0, 0, 2], 3);

        Assert.Equal([3.0, 2.0, 1.0], e.Values);
        // Column 0 is e₀, column 1 is e₂, column 2 is e₁.
        Assert.Equal([1.0, 0, 0, 0, 0, 1, 0, 1, 0], e.Vectors.Select(Math.Abs));
    }

    [Fact]
    public void Decompose_Known2x2_ValuesAndVectors()
    {
        var e = SymmetricEigen.Decompose([2, 1, 1, 2], 2);

        Assert.Equal(3, e.Values[0], 12);
        Assert.Equal(1, e.Values[1], 12);
        // (1, 1)/√2 for 3 and (1, −1)/√2 for 1, each up to sign.
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(e.Vectors[0]), 12);
        Assert.Equal(e.Vectors[0], e.Vectors[2], 12);
        Assert.Equal(-e.Vectors[1], e.Vectors[3], 12);
    }

    [Fact]
    public void Decompose_Known3x3Laplacian_TwoPlusMinusRootTwo()
    {
        var e = SymmetricEigen.Decompose([2, -1, 0, -1, 2, -1, 0, -1, 2], 3);

        Assert.Equal(2 + Math.Sqrt(2), e.Values[0], 12);
        Assert.Equal(2, e.Values[1], 12);
        Assert.Equal(2 - Math.Sqrt(2), e.Values[2], 12);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    [InlineData(17, 3)]
    [InlineData(40, 4)]
    public void Decompose_RandomSymmetric_ReconstructsAndIsOrthonormal(int n, int seed)
    {
        var random = new Random(seed);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
                a[i * n + j] = a[j * n + i] = random.NextDouble() * 2 - 1;

        var e = SymmetricEigen.Decompose(a, n);

        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double reconstructed = 0, dot = 0;
                for (int k = 0; k < n; k++)
                {
                    reconstructed += e.Vectors[i * n + k] * e.Values[k] * e.Vectors[j * n + k];
                    dot += e.Vectors[k * n + i] * e.Vectors[k * n + j];
                }
                Assert.Equal(a[i * n + j], reconstructed, 10);
                Assert.Equal(i == j ? 1 : 0, dot, 10);
            }
        for (int k = 1; k < n; k++) Assert.True(e.Values[k - 1] >= e.Values[k]);
        Assert.Equal(Enumerable.Range(0, n).Sum(i => a[i * n + i]), e.Values.Sum(), 10);
    }

    [Fact]
    public void Decompose_NotSymmetricOrWrongSize_Throws()
    {
        Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose([1, 2, 3, 4], 2));
        Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose([1, 0, 0], 2));
        Assert.Throws<ArgumentException>(() => SymmetricEigen.Decompose([1, double.NaN, double.NaN, 1], 2));
    }
}

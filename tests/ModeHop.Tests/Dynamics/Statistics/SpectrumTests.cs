using ModeHop.Dynamics.Statistics;

namespace ModeHop.Tests.Dynamics.Statistics;

public class SpectrumTests
{
    [Fact]
    public void Of_TwoEigenvalues_HandComputedSummaries()
    {
        var s = Spectrum.Of([1, 4]);

        Assert.Equal([4.0, 1.0], s.Eigenvalues);
        Assert.Equal(25.0 / 17, s.ParticipationRatio, 12);
        Assert.Equal(0.8, s.TopShare, 12);
        // σ ∝ (2, 1): p = (2/3, 1/3) (+ε), RankMe = exp(H(p)).
        double p1 = 2.0 / 3 + 1e-7, p2 = 1.0 / 3 + 1e-7;
        Assert.Equal(Math.Exp(-(p1 * Math.Log(p1) + p2 * Math.Log(p2))), s.RankMe(), 12);
    }

    [Fact]
    public void OfActivations_HandComputedCovariance()
    {
        // Columns have mean 0; covariance = diag(2/4, 8/4).
        var s = Spectrum.OfActivations([1, 0, -1, 0, 0, 2, 0, -2], rows: 4, columns: 2);

        Assert.Equal(2, s.Eigenvalues[0], 12);
        Assert.Equal(0.5, s.Eigenvalues[1], 12);
        Assert.Equal(0.8, s.TopShare, 12);
    }

    [Fact]
    public void OfActivations_RankOne_RankMeAndParticipationRatioNearOne()
    {
        int N = 12, C = 7;
        var random = new Random(5);
        var direction = Enumerable.Range(0, C).Select(_ => random.NextDouble() - 0.5).ToArray();
        var x = new double[N * C];
        for (int n = 0; n < N; n++)
        {
            double a = random.NextDouble() * 4 - 2;
            for (int c = 0; c < C; c++) x[n * C + c] = 3 + a * direction[c];   // an offset the centring removes
        }

        var s = Spectrum.OfActivations(x, N, C);

        Assert.Equal(1, s.RankMe(), 4);
        Assert.Equal(1, s.ParticipationRatio, 6);
        Assert.Equal(1, s.TopShare, 6);
    }

    [Fact]
    public void OfActivations_Isotropic_ParticipationRatioAndRankMeEqualTheWidth()
    {
        int C = 6, N = 2 * C;
        var x = new double[N * C];
        for (int c = 0; c < C; c++)
        {
            x[(2 * c) * C + c] = 1.5;
            x[(2 * c + 1) * C + c] = -1.5;
        }

        var s = Spectrum.OfActivations(x, N, C);

        Assert.Equal(C, s.ParticipationRatio, 9);
        Assert.Equal(C, s.RankMe(), 4);
        Assert.Equal(1.0 / C, s.TopShare, 9);
    }

    [Theory]
    [InlineData(5, 8)]
    [InlineData(8, 5)]
    public void OfActivations_EitherGram_SameEigenvaluesAsTheCovariance(int rows, int columns)
    {
        int N = rows, C = columns;
        var random = new Random(N * 31 + C);
        var x = Enumerable.Range(0, N * C).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var means = Enumerable.Range(0, C).Select(c => Enumerable.Range(0, N).Average(n => x[n * C + c])).ToArray();
        var covariance = new double[C * C];                                     // explicit XᵀX/N [C, C]
        for (int i = 0; i < C; i++)
            for (int j = 0; j < C; j++)
                covariance[i * C + j] = Enumerable.Range(0, N).Sum(n => (x[n * C + i] - means[i]) * (x[n * C + j] - means[j])) / N;
        var expected = SymmetricEigen.Decompose(covariance, C).Values.Take(Math.Min(N, C)).ToArray();

        var s = Spectrum.OfActivations(x, N, C);

        Assert.Equal(expected.Length, s.Eigenvalues.Count);
        for (int k = 0; k < expected.Length; k++) Assert.Equal(Math.Max(0, expected[k]), s.Eigenvalues[k], 10);
        Assert.Equal(Enumerable.Range(0, C).Sum(c => covariance[c * C + c]), s.Total, 10);
    }

    [Fact]
    public void Summaries_AllZero_NaN()
    {
        var s = Spectrum.OfActivations([2, 2, 2, 2], rows: 2, columns: 2);

        Assert.True(double.IsNaN(s.RankMe()));
        Assert.True(double.IsNaN(s.ParticipationRatio));
        Assert.True(double.IsNaN(s.TopShare));
    }

    [Fact]
    public void Of_NegativeEigenvalue_Throws()
    {
        Assert.Throws<ArgumentException>(() => Spectrum.Of([1, -0.5]));
        Assert.Equal(0, Spectrum.Of([1, -1e-15]).Eigenvalues[1]);
        Assert.Throws<ArgumentException>(() => Spectrum.OfActivations([1, 2, 3], rows: 1, columns: 3));
    }
}

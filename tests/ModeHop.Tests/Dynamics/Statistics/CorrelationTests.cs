using ModeHop.Dynamics.Statistics;

namespace ModeHop.Tests.Dynamics.Statistics;

public class CorrelationTests
{
    [Fact]
    public void Pearson_HandComputed()
    {
        // deviations (−1.5, −.5, .5, 1.5) and (−3, −1, 0, 4): Σ products 11, Σ squares 5 and 26
        Assert.Equal(11 / Math.Sqrt(130), Correlation.Pearson([1, 2, 3, 4], [2, 4, 5, 9]), 14);
        Assert.Equal(-1.0, Correlation.Pearson([1, 2, 3], [5, 3, 1]), 14);
    }

    [Fact]
    public void Spearman_TiesShareTheirMeanRank()
    {
        // x ranks 1, 2.5, 2.5, 4 against 1, 2, 3, 4: Σ products 4.5, Σ squares 4.5 and 5
        Assert.Equal(4.5 / Math.Sqrt(22.5), Correlation.Spearman([1, 2, 2, 3], [10, 20, 30, 40]), 14);
    }

    [Fact]
    public void Spearman_MonotoneButCurved_OneWherePearsonIsLess()
    {
        double[] x = [0, 1, 2, 3, 4, 5];
        double[] y = x.Select(Math.Exp).ToArray();

        Assert.Equal(1.0, Correlation.Spearman(x, y), 14);
        Assert.True(Correlation.Pearson(x, y) < 0.95);
    }

    [Fact]
    public void Correlations_ConstantSeries_NaN()
    {
        Assert.True(double.IsNaN(Correlation.Pearson([2, 2, 2], [1, 2, 3])));
        Assert.True(double.IsNaN(Correlation.Spearman([1, 2, 3], [7, 7, 7])));
        Assert.True(double.IsNaN(Correlation.KendallTauB([1, 2, 3], [7, 7, 7])));
    }

    [Fact]
    public void KendallTauB_NoTies_IsTauA()
    {
        // y = 3 1 2 5 4 against increasing x: discordant pairs (3,1) (3,2) (5,4), the other 7 concordant
        Assert.Equal(0.4, Correlation.KendallTauB([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]), 14);
    }

    [Fact]
    public void KendallTauB_TiesInEachSeries_HandComputed()
    {
        // x 1 1 2 3, y 1 2 2 3: 4 concordant, 0 discordant, one pair tied in x, one in y: 4 / √(5 · 5)
        Assert.Equal(0.8, Correlation.KendallTauB([1, 1, 2, 3], [1, 2, 2, 3]), 14);
        // x 1 2 2 3 3, y 2 1 1 3 2: 5 concordant, 2 discordant; tied in x: (1,2) (3,4); in y: (0,4) (1,2), the
        // pair (1,2) in both: 3 / √((10 − 2)(10 − 2))
        Assert.Equal(0.375, Correlation.KendallTauB([1, 2, 2, 3, 3], [2, 1, 1, 3, 2]), 14);
    }

    [Fact]
    public void Matrices_FamilyOfTasks_SymmetricWithUnitDiagonalAndNaNForAConstantTask()
    {
        double[][] tasks = [[1, 2, 3, 4], [2, 4, 6, 9], [4, 3, 2, 1], [5, 5, 5, 5]];

        double[][] pearson = Correlation.PearsonMatrix(tasks);
        double[][] spearman = Correlation.SpearmanMatrix(tasks);

        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(pearson[i][j], pearson[j][i]);
                if (i == 3 || j == 3)
                    Assert.True(double.IsNaN(pearson[i][j]) && double.IsNaN(spearman[i][j]));
                else
                    Assert.Equal(Correlation.Pearson(tasks[i], tasks[j]), pearson[i][j], 14);
            }
        Assert.Equal([1.0, 1.0, 1.0], new[] { pearson[0][0], pearson[1][1], pearson[2][2] });
        Assert.Equal(1.0, spearman[0][1], 14);   // 2 4 6 9 is not a line, but it is monotone
        Assert.True(pearson[0][1] < 1);
        // above the diagonal and not NaN: ρ(0,1) = 1, ρ(0,2) = −1, ρ(1,2) = −1
        Assert.Equal(-1 / 3.0, Correlation.MeanOffDiagonal(spearman), 14);
    }

    [Fact]
    public void Checks_BadInput_ThrowsNamingIt()
    {
        Assert.Contains("x has 3 values but y has 2", Assert.Throws<ArgumentException>(() => Correlation.Pearson([1, 2, 3], [1, 2])).Message);
        Assert.Contains("expected at least 2", Assert.Throws<ArgumentException>(() => Correlation.Spearman([1], [2])).Message);
        Assert.Contains("y[1] = NaN", Assert.Throws<ArgumentException>(() => Correlation.KendallTauB([1, 2], [1, double.NaN])).Message);
        Assert.Contains("series[1] has 2 checkpoints but series[0] has 3",
            Assert.Throws<ArgumentException>(() => Correlation.PearsonMatrix([[1, 2, 3], [1, 2]])).Message);
        Assert.Contains("series[0][2] = Infinity", Assert.Throws<ArgumentException>(() => Correlation.SpearmanMatrix([[1, 2, double.PositiveInfinity]])).Message);
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => Correlation.MeanOffDiagonal([[1, 2]])).Message);
    }
}

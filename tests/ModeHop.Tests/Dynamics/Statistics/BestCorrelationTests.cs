using ModeHop.Dynamics.Statistics;

namespace ModeHop.Tests.Dynamics.Statistics;

public class BestCorrelationTests
{
    [Fact]
    public void Select_LargestAbsoluteSpearman_SignKept()
    {
        double[] target = [1, 2, 3, 4];
        // ρ = 0.8, −0.8, −1, NaN (constant), not finite.
        double[][] rows = [[1, 3, 2, 4], [4, 3, 1, 2], [9, 7, 5, 1], [2, 2, 2, 2], [1, double.NaN, 3, 4]];

        var (row, rho) = BestCorrelation.Select(rows, target);

        Assert.Equal(2, row);
        Assert.Equal(-1, rho, 12);
        var (firstRow, firstRho) = BestCorrelation.Select(rows[..2], target);   // equal |ρ|: the first wins
        Assert.Equal(0, firstRow);
        Assert.Equal(0.8, firstRho, 12);
    }

    [Fact]
    public void Select_NoUsableRow_MinusOneAndNaN()
    {
        var (row, rho) = BestCorrelation.Select([[5, 5, 5]], [1, 2, 3]);

        Assert.Equal(-1, row);
        Assert.True(double.IsNaN(rho));
        Assert.Throws<ArgumentException>(() => BestCorrelation.Select([[1, 2]], [1, 2, 3]));
    }
}

using ModeHop.Dynamics.Statistics;

namespace ModeHop.Tests.Dynamics.Statistics;

public class OrderStatisticsTests
{
    [Fact]
    public void Quantile_Type7()
    {
        Assert.Equal(4.8, OrderStatistics.Quantile([5, 1, 4, 2, 3], 0.95), 12);
        Assert.Equal(1, OrderStatistics.Quantile([5, 1, 4, 2, 3], 0));
        Assert.Equal(5, OrderStatistics.Quantile([5, 1, 4, 2, 3], 1));
        Assert.Equal(2, OrderStatistics.Quantile([3, 1, 2], 0.5));
        Assert.Equal(7, OrderStatistics.Quantile([7], 0.95));
        Assert.Throws<ArgumentException>(() => OrderStatistics.Quantile([1, 2], 1.5));
    }

    [Fact]
    public void Median_OddEvenAndEmpty()
    {
        Assert.Equal(3, OrderStatistics.Median([5, 1, 3]));
        Assert.Equal(2.5, OrderStatistics.Median([4, 1, 3, 2]));
        Assert.True(double.IsNaN(OrderStatistics.Median([])));
    }
}

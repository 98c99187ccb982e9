using ModeHop.Report;
using ModeHop.Report.Charts;

namespace ModeHop.Tests.Report;

/// <summary>Tick positions and token labels of the x axis.</summary>
public class AxisTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(950, "950")]
    [InlineData(1_000, "1k")]
    [InlineData(12_500, "12.5k")]
    [InlineData(1_200_000, "1.2M")]
    [InlineData(3_050_000_000, "3.05B")]
    [InlineData(2e12, "2T")]
    public void TokenCount_Format_ScalesAndTrims(double tokens, string expected)
    {
        Assert.Equal(expected, TokenCount.Format(tokens));
    }

    [Fact]
    public void Nice_ZeroTo12M_StepsOf200k()
    {
        Assert.Equal([0, 200_000, 400_000, 600_000, 800_000, 1_000_000, 1_200_000], AxisTicks.Nice(0, 1_200_000, target: 6));
    }

    [Fact]
    public void Nice_OffsetRange_TicksInsideIt()
    {
        var ticks = AxisTicks.Nice(1_234, 9_876, target: 5);

        Assert.Equal([2_000, 4_000, 6_000, 8_000], ticks);
    }

    [Fact]
    public void Nice_EmptyRange_OneTick()
    {
        Assert.Equal([5_000.0], AxisTicks.Nice(5_000, 5_000));
    }

    [Fact]
    public void Nice_TinyTokenRange_NoFractionalTicks()
    {
        Assert.Equal([0, 1, 2, 3], AxisTicks.Nice(0, 3, target: 6, minStep: 1));
    }

    [Fact]
    public void Scale_EmptyDomain_MapsToMiddle()
    {
        Assert.Equal(50, new LinearScale(3, 3, 0, 100).Map(3));
        Assert.Equal(25, new LinearScale(0, 4, 0, 100).Map(1));
    }
}

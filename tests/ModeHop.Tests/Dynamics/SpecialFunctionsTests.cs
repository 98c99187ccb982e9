using ModeHop.Dynamics;

namespace ModeHop.Tests.Dynamics;

public class SpecialFunctionsTests
{
    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(0.5, 0.5723649429247004)]     // ln √π (Python math.lgamma for all of these)
    [InlineData(1.5, -0.12078223763524543)]   // ln(√π / 2)
    [InlineData(10.0, 12.801827480081467)]    // ln 9!
    [InlineData(0.1, 2.2527126517342055)]     // ln 9.513507698668732
    [InlineData(171.5, 709.1431630309282)]   // ln Γ(171.5), near where Γ itself overflows
    public void LogGamma_KnownValues(double x, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.LogGamma(x), Math.Max(1, Math.Abs(expected)) * 1e-13);
    }

    [Fact]
    public void LogGamma_RecurrenceHoldsAcrossTheRange()
    {
        // ln Γ(x + 1) = ln Γ(x) + ln x, on both sides of the reflection at ½
        for (double x = 0.01; x < 60; x *= 1.17)
            Assert.Equal(SpecialFunctions.LogGamma(x) + Math.Log(x), SpecialFunctions.LogGamma(x + 1), 1e-12 * Math.Max(1, Math.Abs(SpecialFunctions.LogGamma(x + 1))));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void LogGamma_NotPositive_Throws(double x)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.LogGamma(x));
    }

    [Fact]
    public void LogAddExp_LargeAndInfiniteArguments_NoOverflow()
    {
        Assert.Equal(1000 + Math.Log(2), SpecialFunctions.LogAddExp(1000, 1000), 12);
        Assert.Equal(-1000 + Math.Log(2), SpecialFunctions.LogAddExp(-1000, -1000), 12);
        Assert.Equal(3.0, SpecialFunctions.LogAddExp(3, double.NegativeInfinity));
        Assert.Equal(double.NegativeInfinity, SpecialFunctions.LogAddExp(double.NegativeInfinity, double.NegativeInfinity));
        Assert.Equal(Math.Log(Math.Exp(1.5) + Math.Exp(-0.5)), SpecialFunctions.LogAddExp(-0.5, 1.5), 14);
    }
}

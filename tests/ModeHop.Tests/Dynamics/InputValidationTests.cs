using ModeHop.Dynamics;

namespace ModeHop.Tests.Dynamics;

public class InputValidationTests
{
    static readonly ModeRule Rule = new();

    static TaskPoint[] Good() => Signals.Points([0.1, 0.5, 0.9], [-1, 0, 1]);

    [Theory]
    [InlineData(100)]  // repeated step
    [InlineData(50)]   // step goes back
    public void Analyze_StepsNotStrictlyIncreasing_ThrowsNamingThePoint(long secondStep)
    {
        var points = Good();
        points[2] = points[2] with { Step = secondStep };

        var e = Assert.Throws<ArgumentException>(() => Hops.Analyze(points, Rule));
        Assert.Contains("points[2]", e.Message);
        Assert.Contains("strictly increasing step order", e.Message);
    }

    [Fact]
    public void Analyze_TokensFall_Throws()
    {
        var points = Good();
        points[1] = points[1] with { Tokens = points[2].Tokens + 1 };

        var e = Assert.Throws<ArgumentException>(() => Hops.Analyze(points, Rule));
        Assert.Contains("points[2]", e.Message);
        Assert.Contains("Tokens", e.Message);
    }

    public static TheoryData<string, Func<TaskPoint, TaskPoint>> BadValues => new()
    {
        { "HardAcc", p => p with { HardAcc = double.NaN } },
        { "HardAcc", p => p with { HardAcc = 1.5 } },
        { "LogProbMargin", p => p with { LogProbMargin = double.NaN } },
        { "LogProbMargin", p => p with { LogProbMargin = double.NegativeInfinity } },
        { "LogProbMarginSpread", p => p with { LogProbMarginSpread = double.NaN } },
        { "LogProbMarginSpread", p => p with { LogProbMarginSpread = -0.1 } },
        { "Tokens", p => p with { Tokens = -1 } },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Analyze_BadValue_ThrowsNamingPointAndField(string field, Func<TaskPoint, TaskPoint> spoil)
    {
        var points = Good();
        points[0] = spoil(points[0]);

        var e = Assert.Throws<ArgumentException>(() => Hops.Analyze(points, Rule));
        Assert.Contains("points[0]", e.Message);
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void Analyze_NullPoint_Throws()
    {
        var points = Good();
        points[1] = null!;

        var e = Assert.Throws<ArgumentException>(() => Hops.Analyze(points, Rule));
        Assert.Contains("points[1]", e.Message);
    }

    [Fact]
    public void Analyze_NullListOrRule_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => Hops.Analyze(null!, Rule));
        Assert.Throws<ArgumentNullException>(() => Hops.Analyze(Good(), null!));
    }

    [Fact]
    public void Analyze_InvalidRule_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Hops.Analyze(Good(), new ModeRule(GeneralAt: 0.3, ParrotAt: 0.7)));
        Assert.StartsWith("ModeRule:", e.Message);
    }
}

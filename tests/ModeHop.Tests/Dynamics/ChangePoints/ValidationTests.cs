using ModeHop.Dynamics.ChangePoints;

namespace ModeHop.Tests.Dynamics.ChangePoints;

/// <summary>Bad input to every cost × search pair: an ArgumentException whose message says what to fix.</summary>
public class ValidationTests
{
    static readonly double[] Good = [0.1, 0.2, 3.1, 3.0, 2.9, 0.0];

    static ArgumentException Fails(double[] series, CostFunction cost, SearchMethod search, ChangePointSettings settings) =>
        Assert.ThrowsAny<ArgumentException>(() => ChangePointSearch.Detect(series, cost, search, settings));

    [Theory]
    [MemberData(nameof(Pairs.All), MemberType = typeof(Pairs))]
    public void Detect_EmptySeries_Throws(CostFunction cost, SearchMethod search)
    {
        Assert.Contains("series is empty", Fails([], cost, search, new ChangePointSettings(1)).Message);
    }

    [Theory]
    [MemberData(nameof(Pairs.All), MemberType = typeof(Pairs))]
    public void Detect_NonFiniteValue_ThrowsNamingTheIndex(CostFunction cost, SearchMethod search)
    {
        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            double[] series = [.. Good];
            series[3] = bad;
            var e = Fails(series, cost, search, new ChangePointSettings(1));
            Assert.Contains("series[3]", e.Message);
            Assert.Contains("not a finite number", e.Message);
        }
    }

    public static TheoryData<CostFunction, SearchMethod, double, int, int, string> BadSettings()
    {
        var data = new TheoryData<CostFunction, SearchMethod, double, int, int, string>();
        foreach (var row in Pairs.All())
        {
            var (cost, search) = ((CostFunction)row[0], (SearchMethod)row[1]);
            data.Add(cost, search, -0.5, 2, 1, "Penalty must be a finite number ≥ 0; found -0.5");
            data.Add(cost, search, double.NaN, 2, 1, "Penalty must be a finite number ≥ 0; found NaN");
            data.Add(cost, search, double.PositiveInfinity, 2, 1, "Penalty must be a finite number ≥ 0");
            data.Add(cost, search, 1, 0, 1, "MinSize must be at least 1 value; found 0");
            data.Add(cost, search, 1, 2, 0, "Jump must be at least 1");
            data.Add(cost, search, 1, 7, 1, "The series has 6 values, fewer than the minimum segment size 7");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Detect_BadSettings_ThrowsSayingWhatWasExpected(CostFunction cost, SearchMethod search, double penalty, int minSize, int jump, string message)
    {
        Assert.Contains(message, Fails(Good, cost, search, new ChangePointSettings(penalty, minSize, jump)).Message);
    }

    [Theory]
    [MemberData(nameof(Pairs.Searches), MemberType = typeof(Pairs))]
    public void Detect_OneValueUnderNormalCost_ThrowsNamingItsMinSize(SearchMethod search)
    {
        // MinSize 1 is raised to the normal cost's 2, as ruptures does, and one value cannot hold that
        var e = Fails([1.0], CostFunction.Normal, search, new ChangePointSettings(1, MinSize: 1));
        Assert.Contains("minimum segment size 2 (the larger of MinSize 1 and the cost's 2)", e.Message);
    }

    [Theory]
    [MemberData(nameof(Pairs.Searches), MemberType = typeof(Pairs))]
    public void Detect_SeriesExactlyMinSize_OneSegment(SearchMethod search)
    {
        Assert.Equal([1], ChangePointSearch.Detect([4.2], CostFunction.L2, search, new ChangePointSettings(0, MinSize: 1)));
        Assert.Equal([6], ChangePointSearch.Detect(Good, CostFunction.Normal, search, new ChangePointSettings(0, MinSize: 6)));
    }

    [Fact]
    public void Detect_NullSettings_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => Pelt.Detect(new L2Cost(Good), null!));
        Assert.Throws<ArgumentNullException>(() => BinarySegmentation.Detect(null!, new ChangePointSettings(1)));
    }
}

using ModeHop.Dynamics.ChangePoints;

namespace ModeHop.Tests.Dynamics.ChangePoints;

/// <summary>Every cost × search pair, for the [Theory] of each behaviour that both halves must have.</summary>
public static class Pairs
{
    public static TheoryData<CostFunction, SearchMethod> All()
    {
        var data = new TheoryData<CostFunction, SearchMethod>();
        foreach (CostFunction cost in Enum.GetValues<CostFunction>())
            foreach (SearchMethod search in Enum.GetValues<SearchMethod>())
                data.Add(cost, search);
        return data;
    }

    public static TheoryData<SearchMethod> Searches() => new(Enum.GetValues<SearchMethod>());

    /// <summary>
    /// Settings for a series with noise of standard deviation σ: a conservative BIC-like penalty, 4σ² ln n for l2
    /// (its cost is in units of squared deviation) and 4 ln n for normal (its cost is −2 log-likelihood, and a
    /// change costs a mean, a variance and a location: BIC would say 3 ln n), and segments of 5 values or more
    /// (with 2, the normal cost pays for two near-equal neighbours as a regime of almost no variance).
    /// </summary>
    public static ChangePointSettings Settings(CostFunction cost, double sigma, int n) =>
        new(cost == CostFunction.L2 ? 4 * sigma * sigma * Math.Log(n) : 4 * Math.Log(n), MinSize: 5);
}

using System.Text.Json;
using ModeHop.Dynamics.ChangePoints;

namespace ModeHop.Tests.Dynamics.ChangePoints;

/// <summary>
/// The same breakpoints as ruptures on the same input: tools/reference/changepoints.py replays ruptures' Pelt
/// and Binseg loops (deepcharles/ruptures@ee1c8ff8) over numpy's costs and wrote the expected answers.
/// </summary>
public class RupturesAgreementTests
{
    sealed record Case(string Name, string Cost, string Method, double Penalty, int MinSize, int Jump, double[] Series, int[] Breakpoints, bool? Optimal);

    static readonly Lazy<Dictionary<string, Case>> Cases = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "changepoints", "ruptures_cases.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        return document.RootElement.GetProperty("cases").Deserialize<Case[]>(options)!.ToDictionary(c => c.Name);
    });

    public static TheoryData<string> Names() => new(Cases.Value.Keys.Order());

    [Theory]
    [MemberData(nameof(Names))]
    public void Detect_SameInputAsRuptures_SameBreakpoints(string name)
    {
        Case c = Cases.Value[name];
        var cost = c.Cost switch { "l2" => CostFunction.L2, "normal" => CostFunction.Normal, _ => throw new InvalidDataException(c.Cost) };
        var search = c.Method switch { "pelt" => SearchMethod.Pelt, "binseg" => SearchMethod.BinarySegmentation, _ => throw new InvalidDataException(c.Method) };

        int[] found = ChangePointSearch.Detect(c.Series, cost, search, new ChangePointSettings(c.Penalty, c.MinSize, c.Jump));

        Assert.Equal(c.Breakpoints, found);
    }

    [Fact]
    public void Fixture_CoversEveryPairTheGridsAndRupturesPruning()
    {
        var all = Cases.Value.Values.ToList();

        Assert.True(all.Count >= 100, $"{all.Count} cases");
        foreach (var pair in all.GroupBy(c => (c.Cost, c.Method)))
            Assert.True(pair.Count() >= 30 && pair.Any(c => c.Breakpoints.Length >= 4), $"{pair.Key}: {pair.Count()} cases");
        Assert.Contains(all, c => c.Jump > 1 && c.Series.Length % c.Jump != 0 && c.Breakpoints.Length > 2);  // n off the grid
        Assert.Contains(all, c => c.MinSize > c.Jump && c.Jump > 1);
        Assert.Contains(all, c => c is { Method: "pelt", Optimal: false });                                   // ruptures' pruning quirk
    }
}

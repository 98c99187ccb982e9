using ModeHop.Tensors;
using ModeHop.Tensors.Ops;

namespace ModeHop.Tests.Tensors;

/// <summary>Every differentiable op, as a case for the gradient check. Add new ops here.</summary>
public static class OpCases
{
    public static readonly OpCase[] All =
    [
        new("Linear", [[2, 3, 5], [4, 5], [4]], (t, x) => Ops.Linear(t, x[0], x[1], x[2])),
        new("LinearNoBias", [[6, 7], [3, 7]], (t, x) => Ops.Linear(t, x[0], x[1], null)),
        new("Add", [[3, 4], [3, 4]], (t, x) => Ops.Add(t, x[0], x[1])),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All) data.Add(c.Name);
        return data;
    }

    public static OpCase Get(string name) => All.Single(c => c.Name == name);
}

public class OpGradientTests
{
    [Theory]
    [MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void Op_Backward_MatchesFiniteDifferences(string name) => GradCheck.Run(OpCases.Get(name));

    [Fact]
    public void OpCases_Names_AreUnique() => Assert.Equal(OpCases.All.Length, OpCases.All.Select(c => c.Name).Distinct().Count());
}

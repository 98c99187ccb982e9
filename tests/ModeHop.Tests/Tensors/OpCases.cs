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
        // Attention and rotary: qkv is [B, T, (H + 2·KVH)·D].
        new("CausalAttention_MultiHead", [[2, 5, (2 + 2 * 2) * 4]], (t, x) => Ops.CausalAttention(t, x[0], 2, 2, 4)),
        new("CausalAttention_GroupedQuery", [[1, 6, (4 + 2 * 2) * 4]], (t, x) => Ops.CausalAttention(t, x[0], 4, 2, 4)),
        new("CausalAttention_MultiQueryPastOneRowBlock", [[1, 35, (2 + 2 * 1) * 4]], (t, x) => Ops.CausalAttention(t, x[0], 2, 1, 4)),
        new("Rotary_Full", [[2, 4, (2 + 2 * 1) * 8]], (t, x) => Ops.Rotary(t, x[0], 2, 1, 8, 8, 10000f, positionOffset: 3)),
        new("Rotary_Partial", [[1, 5, (2 + 2 * 2) * 8]], (t, x) => Ops.Rotary(t, x[0], 2, 2, 8, 2, 10000f)),
        new("RotaryThenAttention_GroupedQuery", [[1, 5, (4 + 2 * 2) * 8]],
            (t, x) => Ops.CausalAttention(t, Ops.Rotary(t, x[0], 4, 2, 8, 8, 500000f), 4, 2, 8)),
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

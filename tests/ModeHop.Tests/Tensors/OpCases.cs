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
        new("LinearGeluTanh", [[2, 3, 5], [19, 5], [19]], (t, x) => Ops.LinearGelu(t, x[0], x[1], x[2], GeluForm.Tanh), Scale: 1.5f),
        new("LinearGeluErfNoBias", [[4, 6], [7, 6]], (t, x) => Ops.LinearGelu(t, x[0], x[1], null, GeluForm.Erf), Scale: 1.5f),
        // An MLP, and one whose GELU output feeds two ops.
        new("Mlp_LinearGeluThenLinear", [[5, 6], [9, 6], [9], [4, 9], [4]],
            (t, x) => Ops.Linear(t, Ops.LinearGelu(t, x[0], x[1], x[2], GeluForm.Tanh), x[3], x[4]), Scale: 1.5f),
        new("Mlp_GeluOutputUsedTwice", [[5, 6], [9, 6], [9], [4, 9]],
            (t, x) => { var f = Ops.LinearGelu(t, x[0], x[1], x[2], GeluForm.Erf); return Ops.Linear(t, Ops.Add(t, f, Ops.Scale(t, f, 0.5f)), x[3], null); }, Scale: 1.5f),
        new("LinearResidual", [[2, 3, 5], [4, 5], [4], [2, 3, 4]], (t, x) => Ops.LinearResidual(t, x[0], x[1], x[2], x[3])),
        // A residual stream that is an intermediate (it takes the output's gradient buffer) and also feeds the projection's input.
        new("LinearResidualOfIntermediate", [[6, 4], [4, 4]],
            (t, x) => { var r = Ops.Scale(t, x[0], 0.5f); return Ops.LinearResidual(t, Ops.Scale(t, r, -2f), x[1], null, r); }),
        new("LinearResidualSameTensor", [[5, 3], [3, 3], [3]], (t, x) => Ops.LinearResidual(t, x[0], x[1], x[2], x[0])),
        new("Add", [[3, 4], [3, 4]], (t, x) => Ops.Add(t, x[0], x[1])),
        // An intermediate first input takes the output's gradient buffer (Tape.TryShareGrad); the same one twice doubles it.
        new("AddOfIntermediate", [[3, 4], [3, 4]], (t, x) => Ops.Add(t, Ops.Scale(t, x[0], 2f), x[1])),
        new("AddSameIntermediateTwice", [[2, 5]], (t, x) => { var s = Ops.Scale(t, x[0], -1.5f); return Ops.Add(t, s, s); }),
        new("Embedding", [[7, 5]], (t, x) => Ops.Embedding(t, x[0], new[] { 3, 0, 6, 3, 1, 3 }, 2, 3)),
        new("EmbeddingFromSpan", [[4, 3]], (t, x) => Ops.Embedding(t, x[0], (ReadOnlySpan<int>)[1, 1, 0, 3], 1, 4)),
        new("GatherRows", [[2, 3, 5]], (t, x) => Ops.GatherRows(t, x[0], new[] { 4, 0, 4, 5 })),
        new("GatherRowsFromSpan", [[6, 2]], (t, x) => Ops.GatherRows(t, x[0], (ReadOnlySpan<int>)[5, 1, 1])),
        new("AddPositions", [[2, 3, 4], [5, 4]], (t, x) => Ops.AddPositions(t, x[0], x[1])),
        new("LayerNorm", [[2, 3, 8], [8], [8]], (t, x) => Ops.LayerNorm(t, x[0], x[1], x[2], 1e-5f)),
        new("LayerNormNoBias", [[4, 19], [19]], (t, x) => Ops.LayerNorm(t, x[0], x[1], null, 1e-5f)),
        new("RmsNorm", [[2, 3, 8], [8]], (t, x) => Ops.RmsNorm(t, x[0], x[1], 1e-6f)),
        new("RmsNormWide", [[3, 21], [21]], (t, x) => Ops.RmsNorm(t, x[0], x[1], 1e-5f)),
        new("GeluTanh", [[4, 9]], (t, x) => Ops.GeluTanh(t, x[0]), Scale: 2f),
        new("GeluErf", [[4, 9]], (t, x) => Ops.GeluErf(t, x[0]), Scale: 2f),
        new("Silu", [[3, 11]], (t, x) => Ops.Silu(t, x[0]), Scale: 2f),
        new("SwiGlu", [[2, 3, 10]], (t, x) => Ops.SwiGlu(t, x[0]), Scale: 1.5f),
        new("SwiGluWide", [[2, 38]], (t, x) => Ops.SwiGlu(t, x[0]), Scale: 1.5f),
        // Scale 2 spreads the logits so the softmax is neither flat nor one-hot.
        new("CrossEntropy", [[6, 7]], (t, x) => Ops.CrossEntropy(t, x[0], new[] { 2, -1, 0, 6, -1, 3 }), Scale: 2f),
        new("CrossEntropyWide", [[2, 3, 37]], (t, x) => Ops.CrossEntropy(t, x[0], (ReadOnlySpan<int>)[36, 0, 17, -1, 5, 16]), Scale: 2f),
        new("CrossEntropyAllIgnored", [[3, 5]], (t, x) => Ops.CrossEntropy(t, x[0], new[] { -1, -1, -1 })),
        new("Scale", [[3, 4]], (t, x) => Ops.Scale(t, x[0], -1.7f)),
        // Attention and rotary: qkv is [B, T, (H + 2·KVH)·D].
        new("CausalAttention_MultiHead", [[2, 5, (2 + 2 * 2) * 4]], (t, x) => Ops.CausalAttention(t, x[0], 2, 2, 4)),
        new("CausalAttention_GroupedQuery", [[1, 6, (4 + 2 * 2) * 4]], (t, x) => Ops.CausalAttention(t, x[0], 4, 2, 4)),
        new("CausalAttention_MultiQueryPastOneRowBlock", [[1, 35, (2 + 2 * 1) * 4]], (t, x) => Ops.CausalAttention(t, x[0], 2, 1, 4)),
        new("Rotary_Full", [[2, 4, (2 + 2 * 1) * 8]], (t, x) => Ops.Rotary(t, x[0], 2, 1, 8, 8, 10000f, positionOffset: 3)),
        new("Rotary_Partial", [[1, 5, (2 + 2 * 2) * 8]], (t, x) => Ops.Rotary(t, x[0], 2, 2, 8, 2, 10000f)),
        new("RotaryThenAttention_GroupedQuery", [[1, 5, (4 + 2 * 2) * 8]],
            (t, x) => Ops.CausalAttention(t, Ops.Rotary(t, x[0], 4, 2, 8, 8, 500000f), 4, 2, 8)),
        // OLMo 2's query/key norm: qkv [B, T, (H + 2·KVH)·D], q weight [H·D], k weight [KVH·D].
        new("QkNorm_GroupedQuery", [[2, 3, (4 + 2 * 2) * 4], [4 * 4], [2 * 4]], (t, x) => Ops.QkNorm(t, x[0], x[1], x[2], 4, 2, 4, 1e-6f)),
        new("QkNorm_MultiHeadOddWidth", [[1, 4, (3 + 2 * 3) * 7], [3 * 7], [3 * 7]], (t, x) => Ops.QkNorm(t, x[0], x[1], x[2], 3, 3, 7, 1e-5f)),
        new("QkNormThenRotaryThenAttention_GroupedQuery", [[1, 5, (4 + 2 * 2) * 8], [4 * 8], [2 * 8]],
            (t, x) => Ops.CausalAttention(t, Ops.Rotary(t, Ops.QkNorm(t, x[0], x[1], x[2], 4, 2, 8, 1e-6f), 4, 2, 8, 8, 10000f), 4, 2, 8)),
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

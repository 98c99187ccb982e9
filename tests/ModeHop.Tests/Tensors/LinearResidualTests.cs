using ModeHop.Tensors;
using ModeHop.Tensors.Ops;

namespace ModeHop.Tests.Tensors;

/// <summary>The fused output projection with its residual add gives the bits of Linear then Add, forward and backward.</summary>
public class LinearResidualTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LinearResidual_SameValuesAndGradientsAsAddOfLinear(bool withBias)
    {
        // 300 rows × 96 outputs: packed tiles with edges, in parallel. The residual stream is an intermediate that also feeds
        // a layer norm, as in a pre-norm block, so its gradient gathers contributions before and after the projection's.
        int rows = 300, K = 40, N = 96;
        Tensor[] Inputs() =>
        [
            new Tensor(TestData.Normal(rows * N, 1), [rows, N], requiresGrad: true),
            new Tensor(TestData.Normal(K * N, 2, 0.3f), [K, N], requiresGrad: true),
            new Tensor(TestData.Normal(N * K, 3, 0.3f), [N, K], requiresGrad: true),
            new Tensor(TestData.Normal(N, 4), [N], requiresGrad: true),
            new Tensor(TestData.Normal(N, 5), [N], requiresGrad: true),
        ];
        var seed = TestData.Normal(rows * N, 6);

        (float[] Y, float[][] Grads) Run(Func<Tape, Tensor, Tensor, Tensor, Tensor?, Tensor> output)
        {
            var x = Inputs();
            var tape = new Tape();
            var stream = Ops.Scale(tape, x[0], 0.5f);
            var input = Ops.Linear(tape, Ops.LayerNorm(tape, stream, x[4], null, 1e-5f), x[1], null); // [rows, K]
            var y = Ops.LayerNorm(tape, output(tape, input, x[2], stream, withBias ? x[3] : null), x[4], null, 1e-5f);
            var values = y.Data.ToArray();
            tape.Backward(y, seed);
            return (values, x.Select(t => t.Grad.ToArray()).ToArray());
        }

        var fused = Run((t, input, w, residual, b) => Ops.LinearResidual(t, input, w, b, residual));
        var separate = Run((t, input, w, residual, b) => Ops.Add(t, residual, Ops.Linear(t, input, w, b)));

        Assert.Equal(separate.Y, fused.Y);
        for (int i = 0; i < 5; i++) Assert.Equal(separate.Grads[i], fused.Grads[i]);
    }

    [Fact]
    public void LinearResidual_ResidualOfAnotherShape_Throws()
    {
        var tape = new Tape();
        var x = new Tensor(new float[6 * 4], [6, 4]);
        var w = new Tensor(new float[3 * 4], [3, 4]);
        var ex = Assert.Throws<ArgumentException>(() => Ops.LinearResidual(tape, x, w, null, new Tensor(new float[6 * 4], [6, 4])));
        Assert.Contains("residual", ex.Message);
    }
}

using ModeHop.Tensors;
using ModeHop.Tensors.Ops;

namespace ModeHop.Tests.Tensors;

/// <summary>The fused MLP layer gives the bits of the two ops it replaces, forward and backward.</summary>
public class LinearGeluTests
{
    [Theory]
    [InlineData(GeluForm.Tanh, true)]
    [InlineData(GeluForm.Erf, true)]
    [InlineData(GeluForm.Tanh, false)]
    public void LinearGelu_SameValuesAndGradientsAsLinearThenGelu(GeluForm form, bool withBias)
    {
        // 300 rows × 96 outputs: packed tiles with edges, in parallel, and several chunks of bias sums.
        int rows = 300, K = 40, N = 96;
        Tensor[] Inputs() =>
        [
            new Tensor(TestData.Normal(rows * K, 1), [rows, K], requiresGrad: true),
            new Tensor(TestData.Normal(N * K, 2, 0.3f), [N, K], requiresGrad: true),
            new Tensor(TestData.Normal(N, 3), [N], requiresGrad: true),
        ];
        var seed = TestData.Normal(rows * N, 4);

        (float[] Y, float[][] Grads) Run(Func<Tape, Tensor[], Tensor> forward)
        {
            var inputs = Inputs();
            var tape = new Tape();
            var y = forward(tape, inputs);
            var values = y.Data.ToArray();
            tape.Backward(y, seed);
            return (values, inputs.Select(t => t.Grad.ToArray()).ToArray());
        }

        var fused = Run((t, x) => Ops.LinearGelu(t, x[0], x[1], withBias ? x[2] : null, form));
        var separate = Run((t, x) =>
        {
            var f = Ops.Linear(t, x[0], x[1], withBias ? x[2] : null);
            return form == GeluForm.Tanh ? Ops.GeluTanh(t, f) : Ops.GeluErf(t, f);
        });

        Assert.Equal(separate.Y, fused.Y);
        for (int i = 0; i < 3; i++) Assert.Equal(separate.Grads[i], fused.Grads[i]);
    }

    [Theory]
    [InlineData(GeluForm.Tanh)]
    [InlineData(GeluForm.Erf)]
    public void Mlp_LinearGeluThenLinear_SameBitsAsTheSeparateOps(GeluForm form)
    {
        // A whole MLP, fc then fc2: packed tiles with edges, in parallel.
        int rows = 300, C = 40, I = 96;
        Tensor[] Inputs() =>
        [
            new Tensor(TestData.Normal(rows * C, 1), [rows, C], requiresGrad: true),
            new Tensor(TestData.Normal(I * C, 2, 0.3f), [I, C], requiresGrad: true),
            new Tensor(TestData.Normal(I, 3), [I], requiresGrad: true),
            new Tensor(TestData.Normal(C * I, 4, 0.2f), [C, I], requiresGrad: true),
            new Tensor(TestData.Normal(C, 5), [C], requiresGrad: true),
        ];
        var seed = TestData.Normal(rows * C, 6);

        float[][] Grads(Func<Tape, Tensor[], Tensor> forward)
        {
            var inputs = Inputs();
            var tape = new Tape();
            tape.Backward(forward(tape, inputs), seed);
            return inputs.Select(t => t.Grad.ToArray()).ToArray();
        }

        var fused = Grads((t, x) => Ops.Linear(t, Ops.LinearGelu(t, x[0], x[1], x[2], form), x[3], x[4]));
        var separate = Grads((t, x) =>
        {
            var f = Ops.Linear(t, x[0], x[1], x[2]);
            return Ops.Linear(t, form == GeluForm.Tanh ? Ops.GeluTanh(t, f) : Ops.GeluErf(t, f), x[3], x[4]);
        });
        for (int i = 0; i < 5; i++) Assert.Equal(separate[i], fused[i]);
    }
}

using ModeHop.Tensors;

namespace ModeHop.Tests.Tensors;

/// <summary>
/// One differentiable op under test: the shapes of its float inputs (all differentiated) and a
/// forward that builds the op on a tape. Non-float arguments (token ids, targets) are fixed inside
/// the forward. <see cref="Scale"/> sets the spread of the random inputs.
/// </summary>
public sealed record OpCase(string Name, int[][] InputShapes, Func<Tape, Tensor[], Tensor> Forward, float Scale = 1f)
{
    public override string ToString() => Name;
}

/// <summary>
/// Checks an op's backward rule against central finite differences of
/// L = Σ out ⊙ R with a fixed random R, at up to <c>samples</c> entries of every input.
/// </summary>
public static class GradCheck
{
    public static void Run(OpCase op, int samples = 24, float step = 1e-2f, float atol = 2e-3f, float rtol = 2e-2f)
    {
        var inputs = op.InputShapes
            .Select((shape, i) => new Tensor(TestData.Normal((int)Tensor.SizeOf(shape), 1000 + i, op.Scale), (int[])shape.Clone(), requiresGrad: true, name: $"input{i}"))
            .ToArray();

        var tape = new Tape();
        var output = op.Forward(tape, inputs);
        var seed = TestData.Normal(output.Size, 7);
        tape.Backward(output, seed);
        var analytic = inputs.Select(t => t.Grad.ToArray()).ToArray();

        double Loss()
        {
            var t = new Tape { Recording = false };
            var o = op.Forward(t, inputs);
            double sum = 0;
            for (int i = 0; i < o.Size; i++) sum += (double)o.Data[i] * seed[i];
            return sum;
        }

        var rng = new Random(99);
        for (int input = 0; input < inputs.Length; input++)
        {
            var data = inputs[input].Data;
            int count = Math.Min(samples, data.Length);
            var picks = data.Length <= samples ? Enumerable.Range(0, data.Length) : Enumerable.Range(0, count).Select(_ => rng.Next(data.Length));
            foreach (int i in picks)
            {
                float saved = data[i];
                data[i] = saved + step;
                double up = Loss();
                data[i] = saved - step;
                double down = Loss();
                data[i] = saved;
                float numeric = (float)((up - down) / (2 * step));
                float a = analytic[input][i];
                float tolerance = atol + rtol * Math.Max(Math.Abs(a), Math.Abs(numeric));
                if (!(Math.Abs(a - numeric) <= tolerance))
                    Assert.Fail($"{op.Name}: d/d input{input}[{i}] is {a} by backward but {numeric} by finite differences (tolerance {tolerance}).");
            }
        }
    }
}

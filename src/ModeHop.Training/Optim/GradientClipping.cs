using ModeHop.Tensors;
using ModeHop.Tensors.Threading;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace ModeHop.Training.Optim;

/// <summary>Clip by global norm, as torch.nn.utils.clip_grad_norm_.</summary>
public static class GradientClipping
{
    /// <summary>
    /// The L2 norm of all gradients together: per-chunk sums of squares in parallel, added in chunk order in
    /// double, so the result does not depend on the thread count.
    /// </summary>
    public static double GlobalNorm(ParameterChunks chunks)
    {
        chunks.SettleGradients();
        var body = new SquaresBody(chunks);
        WorkerPool.Shared.For(chunks.Count, ref body);
        double sum = 0;
        foreach (double partial in chunks.Partials) sum += partial;
        return Math.Sqrt(sum);
    }

    /// <inheritdoc cref="GlobalNorm(ParameterChunks)"/>
    public static double GlobalNorm(IReadOnlyList<Tensor> parameters) => GlobalNorm(new ParameterChunks(parameters));

    /// <summary>
    /// The factor clip_grad_norm_ scales gradients by: min(1, maxNorm / (norm + 1e-6)). A non-positive
    /// <paramref name="maxNorm"/> disables clipping (factor 1).
    /// </summary>
    public static float Coefficient(double norm, float maxNorm)
    {
        if (maxNorm <= 0) return 1f;
        float coefficient = (float)(maxNorm / (norm + 1e-6));
        return coefficient < 1f ? coefficient : 1f;
    }

    /// <summary>
    /// Scales every gradient by <see cref="Coefficient"/> and returns the norm before clipping. A training
    /// step does not call this: it hands the coefficient to <see cref="AdamW.Update"/>, which saves a pass.
    /// </summary>
    public static double Clip(IReadOnlyList<Tensor> parameters, float maxNorm)
    {
        double norm = GlobalNorm(parameters);
        float coefficient = Coefficient(norm, maxNorm);
        if (coefficient < 1f)
            foreach (var p in parameters) TensorPrimitives.Multiply(p.Grad, coefficient, p.Grad);
        return norm;
    }

    readonly struct SquaresBody(ParameterChunks chunks) : IParallelBody
    {
        public void Run(int index)
        {
            var (pi, start, length) = chunks[index];
            var g = chunks.Parameters[pi].Grad.AsSpan(start, length);
            chunks.Partials[index] = TensorPrimitives.SumOfSquares(g);
        }
    }
}

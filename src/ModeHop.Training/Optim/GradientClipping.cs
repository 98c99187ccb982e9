using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using ModeHop.Tensors;

namespace ModeHop.Training.Optim;

/// <summary>Clip by global norm, as torch.nn.utils.clip_grad_norm_.</summary>
public static class GradientClipping
{
    /// <summary>The L2 norm of all gradients together (accumulated in double, in parameter order).</summary>
    public static double GlobalNorm(IReadOnlyList<Tensor> parameters)
    {
        double sum = 0;
        foreach (var p in parameters)
        {
            float norm = TensorPrimitives.Norm(p.Grad);
            sum += (double)norm * norm;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Scales every gradient by min(1, maxNorm / (norm + 1e-6)) and returns the norm before clipping.
    /// A non-positive <paramref name="maxNorm"/> disables clipping.
    /// </summary>
    public static double Clip(IReadOnlyList<Tensor> parameters, float maxNorm)
    {
        double norm = GlobalNorm(parameters);
        if (maxNorm <= 0) return norm;
        float coefficient = (float)(maxNorm / (norm + 1e-6));
        if (coefficient < 1f)
            foreach (var p in parameters) TensorPrimitives.Multiply(p.Grad, coefficient, p.Grad);
        return norm;
    }
}

using ModeHop.Models.Transformer;
using ModeHop.Tensors;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>
/// Sharpness as the mean rise of the probe loss under random weight perturbations of a fixed relative size, taken
/// per tensor ("filter-normalised" in the sense of Li et al. 2018, "Visualizing the loss landscape of neural nets",
/// at the granularity of whole tensors; the random-direction sharpness of Keskar et al. 2017 and Jiang et al. 2020,
/// "Fantastic generalization measures"):
/// sharpness = (1/R) Σ_r L(θ + d_r) − L(θ), with d_{r,t} = ρ·‖θ_t‖·u_{r,t}/‖u_{r,t}‖ for each tensor t and u_{r,t} ~ N(0, I).
/// L is the probe loss (the mean over examples of each one's mean answer cross-entropy). The directions u come from
/// the seed alone, so every checkpoint of a run is probed along the same directions (common random numbers), and a
/// tensor that is all zeros is not moved. Cost: R + 1 batched inference passes over the probe batch, no backward pass.
/// </summary>
public static class Sharpness
{
    public const double DefaultRadius = 0.05;
    public const int DefaultDraws = 4;

    /// <summary>The stream coordinate of the directions (Rng.ForStream(seed, Stream, draw, tensor)).</summary>
    const ulong Stream = 0x5348_4152_50;                            // "SHARP"

    /// <summary>The sharpness of <paramref name="model"/>'s current weights (restored on return) and the unperturbed probe loss.</summary>
    public static (double Sharpness, double Loss) Measure(TransformerModel model, IReadOnlyList<ProbeExample> examples, double radius, int draws, ulong seed)
    {
        double loss = ProbeBatches.ProbeLoss(model, examples);
        var parameters = model.Parameters;
        var saved = parameters.Select(p => p.Data.ToArray()).ToArray();
        var norms = saved.Select(SquaredNorm).ToArray();                 // ‖θ_t‖², the same for every draw
        double rise = 0;
        try
        {
            for (int r = 0; r < draws; r++)
            {
                for (int t = 0; t < parameters.Count; t++)
                {
                    ulong draw = (ulong)r, tensor = (ulong)t;
                    Perturb(parameters[t].Data, saved[t], norms[t], radius, () => Rng.ForStream(seed, Stream, draw, tensor));
                }
                rise += ProbeBatches.ProbeLoss(model, examples) - loss;
            }
        }
        finally
        {
            for (int t = 0; t < parameters.Count; t++) saved[t].CopyTo(parameters[t].Data.Span);
        }
        return (draws == 0 ? 0 : rise / draws, loss);
    }

    static double SquaredNorm(float[] values)
    {
        double sum = 0;
        foreach (float w in values) sum += (double)w * w;
        return sum;
    }

    /// <summary>
    /// weights = original + ρ·‖original‖·u/‖u‖ with u ~ N(0, I) from <paramref name="directions"/>, <paramref name="squaredNorm"/>
    /// being ‖original‖²: u is drawn twice from the same stream (once for ‖u‖, once to add it), so no copy of a large
    /// tensor's direction is held.
    /// </summary>
    static void Perturb(Span<float> weights, ReadOnlySpan<float> original, double squaredNorm, double radius, Func<Rng> directions)
    {
        if (squaredNorm == 0)
        {
            original.CopyTo(weights);
            return;
        }
        var rng = directions();
        double length = 0;
        for (int i = 0; i < original.Length; i++)
        {
            double u = rng.NextNormal();
            length += u * u;
        }
        double scale = radius * Math.Sqrt(squaredNorm / length);
        rng = directions();
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(original[i] + scale * rng.NextNormal());
    }
}

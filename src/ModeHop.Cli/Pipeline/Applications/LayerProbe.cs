using ModeHop.Dynamics.Statistics;
using ModeHop.Models.Transformer;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>How the predictors probe one checkpoint; the defaults are in one place.</summary>
public sealed record ProbeSettings
{
    /// <summary>ρ of <see cref="Applications.Sharpness"/>: each tensor moved by this fraction of its norm.</summary>
    public double SharpnessRadius { get; init; } = Applications.Sharpness.DefaultRadius;
    /// <summary>Random directions averaged by <see cref="Applications.Sharpness"/>.</summary>
    public int SharpnessDraws { get; init; } = Applications.Sharpness.DefaultDraws;
    /// <summary>Seed of the sharpness directions.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Floats of per-example gradients held at once (<see cref="GradientGrams"/>).</summary>
    public long GradientMemoryFloats { get; init; } = GradientGrams.DefaultMemoryFloats;
}

/// <summary>
/// Every predictor metric of the weights a model holds now, on a fixed probe batch of N examples:
/// activations — the residual stream at each example's last token at depth l = 0…L, X_l [N, C], through
/// <see cref="Spectrum.OfActivations"/> (RankMe, participation ratio, top-eigenvalue share); gradients — the per-example
/// gradients' Gram matrices per parameter group (<see cref="GradientGrams"/>; group 0 the embeddings, l block l) and
/// their sum for the whole model, through <see cref="GradientCoherence"/> (log Fisher trace, mean |cos|); the
/// parameter norm ‖θ‖₂; <see cref="Applications.Sharpness"/>.
/// </summary>
public sealed class LayerProbe
{
    readonly TransformerModel model;
    readonly IReadOnlyList<ProbeExample> examples;
    readonly ProbeSettings settings;
    readonly GradientGrams grams;

    public LayerProbe(TransformerModel model, IReadOnlyList<ProbeExample> examples, ProbeSettings settings)
    {
        if (examples.Count < 2) throw new InvalidDataException($"the predictors need at least 2 probe examples (pairs of gradients, a covariance); the run's test tasks give {examples.Count}.");
        this.model = model;
        this.examples = examples;
        this.settings = settings;
        grams = new GradientGrams(model) { MemoryFloats = settings.GradientMemoryFloats };
    }

    /// <summary>Backward passes of one <see cref="Measure"/> (N when the gradients fit the memory budget).</summary>
    public int BackwardPasses => grams.BackwardPasses;

    /// <summary>
    /// Every (metric, layer) value of the current weights, and the unperturbed probe loss; <paramref name="progress"/>
    /// hears the gradient passes done.
    /// </summary>
    public (IReadOnlyDictionary<(string Metric, int Layer), double> Values, double Loss) Measure(Action<int>? progress = null)
    {
        int N = examples.Count, C = model.Config.Channels, L = model.Blocks.Count;
        var values = new Dictionary<(string, int), double>();

        var activations = ProbeBatches.LastTokenStates(model, examples);                       // [L+1][N, C]
        for (int l = 0; l <= L; l++)
        {
            // A diverged checkpoint (NaN or ±∞ activations) has no spectrum: its values are NaN, its series no ρ.
            var spectrum = activations[l].All(double.IsFinite) ? Spectrum.OfActivations(activations[l], N, C) : null;
            values[(PredictorMetrics.RankMe, l)] = spectrum?.RankMe() ?? double.NaN;
            values[(PredictorMetrics.ParticipationRatio, l)] = spectrum?.ParticipationRatio ?? double.NaN;
            values[(PredictorMetrics.TopEigenShare, l)] = spectrum?.TopShare ?? double.NaN;
        }

        var (perGroup, _) = grams.Compute(examples, progress);
        var whole = new double[N * N];
        foreach (var g in perGroup)
            for (int k = 0; k < whole.Length; k++) whole[k] += g[k];
        for (int l = 0; l <= L; l++) Gradients(values, l, perGroup[l], N);
        Gradients(values, PredictorMetrics.WholeModel, whole, N);

        double squares = 0;
        foreach (var p in model.Parameters)
            foreach (float w in p.Data) squares += (double)w * w;
        values[(PredictorMetrics.ParamNorm, PredictorMetrics.WholeModel)] = Math.Sqrt(squares);

        var (sharpness, loss) = Applications.Sharpness.Measure(model, examples, settings.SharpnessRadius, settings.SharpnessDraws, settings.Seed);
        values[(PredictorMetrics.Sharpness, PredictorMetrics.WholeModel)] = sharpness;
        return (values, loss);
    }

    static void Gradients(Dictionary<(string, int), double> values, int layer, double[] gram, int count)
    {
        if (!gram.All(double.IsFinite))
        {
            values[(PredictorMetrics.LogFisherTrace, layer)] = values[(PredictorMetrics.MeanAbsCos, layer)] = double.NaN;
            return;
        }
        values[(PredictorMetrics.LogFisherTrace, layer)] = GradientCoherence.LogFisherTrace(gram, count);
        values[(PredictorMetrics.MeanAbsCos, layer)] = GradientCoherence.MeanAbsCosine(gram, count);
    }
}

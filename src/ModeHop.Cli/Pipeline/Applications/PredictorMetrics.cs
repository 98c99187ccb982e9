namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>
/// The predictor metrics (docs/predictors.md gives each formula) and the layers each one is measured at: 0 the
/// embedding output, l the residual stream after block l, <see cref="WholeModel"/> the whole model.
/// </summary>
public static class PredictorMetrics
{
    public const string RankMe = "rankme";
    public const string ParticipationRatio = "participation_ratio";
    public const string TopEigenShare = "top_eigen_share";
    public const string LogFisherTrace = "log_fisher_trace";
    public const string MeanAbsCos = "mean_abs_cos";
    public const string ParamNorm = "param_norm";
    public const string Sharpness = "sharpness";

    /// <summary>The layer number of a whole-model value.</summary>
    public const int WholeModel = -1;

    /// <summary>Every metric, in report order.</summary>
    public static readonly IReadOnlyList<string> All = [RankMe, ParticipationRatio, TopEigenShare, LogFisherTrace, MeanAbsCos, ParamNorm, Sharpness];

    /// <summary>
    /// The layers <paramref name="metric"/> is measured at in a model of <paramref name="blocks"/> blocks: the activation
    /// spectra at 0…L, the gradient metrics at 0…L and the whole model, the norm and sharpness for the whole model only.
    /// </summary>
    public static IReadOnlyList<int> Layers(string metric, int blocks) => metric switch
    {
        RankMe or ParticipationRatio or TopEigenShare => Enumerable.Range(0, blocks + 1).ToArray(),
        LogFisherTrace or MeanAbsCos => [.. Enumerable.Range(0, blocks + 1), WholeModel],
        ParamNorm or Sharpness => [WholeModel],
        _ => throw new ArgumentException($"'{metric}' is not a predictor metric; known: {string.Join(", ", All)}.", nameof(metric)),
    };

    /// <summary>"0 (emb)", "2", "whole": a layer as the table prints it.</summary>
    public static string LayerName(int layer) => layer switch
    {
        WholeModel => "whole",
        0 => "0 (emb)",
        _ => layer.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

namespace ModeHop.Report;

/// <summary>Generalisation predictors: Spearman ρ of each metric at each layer with the general probability, and each metric's best layer.</summary>
public sealed record ReportPredictors(IReadOnlyList<ReportPredictorCell> Cells, IReadOnlyList<ReportPredictorBest> Best);

/// <summary>A metric at a layer (−1: the whole model); <paramref name="Spearman"/> in [−1, 1], or NaN when undefined (a constant metric).</summary>
public sealed record ReportPredictorCell(string Metric, int Layer, double Spearman);

/// <summary>A metric's best layer (largest |ρ|) beside the random-feature baseline's best |ρ| (mean and 95th percentile over its draws).</summary>
public sealed record ReportPredictorBest(string Metric, int BestLayer, double Spearman, double RandomMeanBestAbsSpearman, double RandomP95BestAbsSpearman, int RandomDraws);

namespace ModeHop.Suite;

/// <summary>One task scored: every (item, seed) row ordered by seed then item, the per-seed metrics, and their summary.</summary>
public sealed record TaskResult(TaskDefinition Task, IReadOnlyList<ItemResult> Items, IReadOnlyList<SeedMetrics> Seeds, MetricSummary Summary);

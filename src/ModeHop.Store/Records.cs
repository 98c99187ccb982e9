namespace ModeHop.Store;

// What callers write (…Record, ItemScore, TaskSeedMetrics, TaskScores) and what reads return (…Row).
// Table and column meanings: docs/results-db.md.

/// <summary>A run: a lab run directory (<c>Kind = "lab"</c>) or a set of scanned checkpoints (<c>"scan"</c>).</summary>
/// <param name="Source">The run directory, or the scanned paths.</param>
/// <param name="RecipeJson">The preset or scan recipe the run was made with, as JSON; null when there is none.</param>
public sealed record RunRecord(string Name, string Kind, string Source, string? RecipeJson);

/// <summary>One task of a family; <paramref name="Control"/> marks its agreeing twin. A change of item text
/// is a new <paramref name="ContentHash"/>, so a new task row.</summary>
public sealed record TaskRecord(string Family, string Task, bool Control, string Version, string ContentHash);

/// <summary>Item <paramref name="Index"/> of a task: its prompt and the two answers being compared.</summary>
public sealed record ItemRecord(int Index, string Prompt, string General, string Parrot);

/// <summary>A checkpoint of a run: optimiser steps taken, training tokens seen, and where it was read from.</summary>
public sealed record CheckpointRecord(long Step, long Tokens, string Path);

/// <summary>One item scored under one demo seed: summed token log-probs and mean per-token probabilities of
/// <c>prompt + " " + answer</c> for the general and the parrot answer.</summary>
public sealed record ItemScore(int ItemIndex, int Seed, double GeneralLogProb, double ParrotLogProb, double GeneralMeanProb, double ParrotMeanProb);

/// <summary>A task's metrics at one checkpoint under one demo seed, over <paramref name="Items"/> items.</summary>
public sealed record TaskSeedMetrics(int Seed, double HardAcc, double ProbMargin, double LogProbMargin, double NormalizedGeneralProb, int Items);

/// <summary>Everything one task produced at one checkpoint. <paramref name="Metrics"/> must not be empty:
/// a task counts as scored at a checkpoint exactly when it has metrics there.</summary>
public sealed record TaskScores(long TaskId, IReadOnlyList<ItemScore> Items, IReadOnlyList<TaskSeedMetrics> Metrics);

public sealed record RunRow(long Id, string Name, string Kind, string Source, string? RecipeJson);

public sealed record CheckpointRow(long Id, long Step, long Tokens, string Path);

public sealed record TaskRow(long Id, string Family, string Task, bool Control, string Version, string ContentHash);

public sealed record MetricRow(long TaskId, long Step, long Tokens, int Seed, double HardAcc, double ProbMargin, double LogProbMargin, double NormalizedGeneralProb, int Items);

public sealed record ItemScoreRow(long Step, int ItemIndex, int Seed, double GeneralLogProb, double ParrotLogProb, double GeneralMeanProb, double ParrotMeanProb);

/// <summary>A result of an analysis (a hop, a recommendation, …) of kind <paramref name="Kind"/>; the optional
/// columns say what it is about, <paramref name="Json"/> holds the rest.</summary>
public sealed record FindingRecord(string Kind, string? Family, string? Task, long? Step, double? Value, string Json);

public sealed record FindingRow(long Id, string Kind, string? Family, string? Task, long? Step, double? Value, string Json);

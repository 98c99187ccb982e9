namespace ModeHop.Models.Scoring;

/// <summary>One context (token ids) and the continuations to score after it.</summary>
public sealed record ScoreRequest(int[] Context, IReadOnlyList<int[]> Continuations);

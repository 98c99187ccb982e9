namespace ModeHop.Dynamics;

/// <summary>One task at one checkpoint, averaged over demo seeds.</summary>
/// <param name="Step">The checkpoint's training step.</param>
/// <param name="Tokens">Tokens seen at that step.</param>
/// <param name="HardAcc">Share of items where the general answer beats the parrot answer, in [0, 1].</param>
/// <param name="LogProbMargin">Mean over items of log P(general) − log P(parrot).</param>
/// <param name="LogProbMarginSpread">Standard deviation over seeds of the per-seed mean margin (≥ 0).</param>
public sealed record TaskPoint(long Step, long Tokens, double HardAcc, double LogProbMargin, double LogProbMarginSpread);

namespace ModeHop.Suite;

/// <summary>
/// The scores of one item under one demo seed. <c>*LogProb</c> = Σᵢ log P(tokenᵢ) over the answer's continuation tokens
/// (natural log); <c>*MeanProb</c> = (1/n) Σᵢ exp(log P(tokenᵢ)), the arithmetic mean of the per-token probabilities.
/// </summary>
public sealed record ItemResult(int ItemIndex, int Seed, double GeneralLogProb, double ParrotLogProb, double GeneralMeanProb, double ParrotMeanProb);

namespace ModeHop.Models.Scoring;

/// <summary>
/// The narrow interface the suite scores through: teacher-forced log-probabilities of continuations.
/// For request r, continuation c and its token i, <c>result[r][c][i] = log P(token i | context, tokens 0..i−1 of c)</c>
/// (natural log). An implementation may compute a context shared by several continuations once.
/// </summary>
public interface ISequenceScorer
{
    float[][][] Score(IReadOnlyList<ScoreRequest> requests);
}

namespace ModeHop.Models.Scoring;

/// <summary>
/// The generative side of the scoring interface: for request r and sample s, <c>result[r][s]</c> holds the sampled
/// token ids (at most <see cref="SampleRequest.MaxNewTokens"/>, never the context). The caller decodes them and cuts
/// at its own stop text.
/// </summary>
public interface ISequenceSampler
{
    int[][][] Sample(IReadOnlyList<SampleRequest> requests);
}

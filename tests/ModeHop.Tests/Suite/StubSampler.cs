using ModeHop.Models.Scoring;

namespace ModeHop.Tests.Suite;

/// <summary>Test sampler: the samples of each request come from <paramref name="draw"/>; records every call's requests.</summary>
sealed class StubSampler(Func<SampleRequest, int[][]> draw) : ISequenceSampler
{
    public List<IReadOnlyList<SampleRequest>> Calls { get; } = [];

    public IEnumerable<SampleRequest> Requests => Calls.SelectMany(c => c);

    public int[][][] Sample(IReadOnlyList<SampleRequest> requests)
    {
        Calls.Add(requests.ToArray());
        return requests.Select(draw).ToArray();
    }
}

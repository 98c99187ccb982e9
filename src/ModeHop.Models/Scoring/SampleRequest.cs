namespace ModeHop.Models.Scoring;

/// <summary>
/// Sample <paramref name="Samples"/> continuations of <paramref name="Context"/>, each up to
/// <paramref name="MaxNewTokens"/> tokens, from softmax(logits / <paramref name="Temperature"/>) (temperature 0 means
/// greedy). <paramref name="Seed"/> fixes the draws: the same request gives the same tokens.
/// </summary>
public sealed record SampleRequest(int[] Context, int Samples, int MaxNewTokens, float Temperature, ulong Seed);

namespace ModeHop.Dynamics.Items;

/// <summary>
/// Of the items a run gets wrong at its final checkpoint, how many it got right at some earlier one (the
/// "temporal forgetting" of Li et al. 2025): errors an earlier checkpoint would not have made.
/// </summary>
/// <param name="FinalErrors">Items wrong at the final checkpoint.</param>
/// <param name="RightEarlier">Of those, the items right at one checkpoint or more before the final one.</param>
public sealed record FinalErrorShare(int FinalErrors, int RightEarlier)
{
    /// <summary>RightEarlier / FinalErrors, in [0, 1]; NaN when nothing is wrong at the end.</summary>
    public double Share => FinalErrors == 0 ? double.NaN : (double)RightEarlier / FinalErrors;
}

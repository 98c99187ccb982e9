namespace ModeHop.Dynamics.ChangePoints;

/// <summary>How <see cref="OnlineChangePointDetector"/> models a series.</summary>
/// <param name="Prior">What a new regime looks like before any of its values are seen.</param>
/// <param name="Hazard">H, the prior probability that any given value starts a new regime: a constant hazard,
/// so regime lengths are geometric with mean 1/H. Default 0.01 (a change every 100 checkpoints). In (0, 1).</param>
/// <param name="MaxRunLength">The longest run length tracked, for bounded memory and O(MaxRunLength) work per
/// value. Runs longer than this share one "at least MaxRunLength" hypothesis (see
/// <see cref="OnlineChangePointDetector"/>). Default 1000; at least 1.</param>
public sealed record OnlineChangePointSettings(NormalGammaPrior Prior, double Hazard = 0.01, int MaxRunLength = 1000)
{
    /// <summary>Throws unless the prior is valid, 0 &lt; Hazard &lt; 1 and MaxRunLength ≥ 1.</summary>
    internal void Validate()
    {
        if (Prior is null)
            throw new ArgumentException("OnlineChangePointSettings: Prior is null; pass a NormalGammaPrior, e.g. new NormalGammaPrior().", "settings");
        Prior.Validate();
        if (!(Hazard > 0 && Hazard < 1))
            throw new ArgumentException(
                $"OnlineChangePointSettings: Hazard must be in (0, 1); found {Hazard}. It is 1 / the expected regime length, e.g. 0.01.",
                "settings");
        if (MaxRunLength < 1)
            throw new ArgumentException($"OnlineChangePointSettings: MaxRunLength must be at least 1; found {MaxRunLength}.", "settings");
    }
}

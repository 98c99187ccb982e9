namespace ModeHop.Dynamics.ChangePoints;

/// <summary>
/// The conjugate prior of a Normal with unknown mean μ and precision λ = 1/σ²:
/// λ ~ Gamma(shape α₀, rate β₀), μ | λ ~ Normal(μ₀, 1 / (κ₀ λ)). Under it the next value's predictive density is a
/// Student-t with 2α₀ degrees of freedom, location μ₀ and scale² β₀ (κ₀ + 1) / (α₀ κ₀).
/// </summary>
/// <param name="Mean">μ₀: where a new regime's mean is expected before any of its values are seen.</param>
/// <param name="MeanPseudoCount">κ₀ &gt; 0: how many values μ₀ is worth. Small lets a new regime's first values
/// set its mean.</param>
/// <param name="Shape">α₀ &gt; 0: half the pseudo-values behind the variance guess.</param>
/// <param name="Rate">β₀ &gt; 0: with Shape, the variance guess: the prior expects σ² near β₀ / α₀. Put it on the
/// scale of the series' noise: too small and every wiggle is a new regime, too large and only big jumps are.</param>
public sealed record NormalGammaPrior(double Mean = 0, double MeanPseudoCount = 1, double Shape = 1, double Rate = 1)
{
    /// <summary>Throws unless Mean is finite and MeanPseudoCount, Shape and Rate are finite and &gt; 0.</summary>
    internal void Validate()
    {
        if (!double.IsFinite(Mean))
            throw new ArgumentException($"NormalGammaPrior: Mean must be a finite number; found {Mean}.", "prior");
        Positive(MeanPseudoCount, nameof(MeanPseudoCount));
        Positive(Shape, nameof(Shape));
        Positive(Rate, nameof(Rate));
    }

    static void Positive(double value, string name)
    {
        if (!(value > 0 && double.IsFinite(value)))
            throw new ArgumentException($"NormalGammaPrior: {name} must be a finite number > 0; found {value}.", "prior");
    }
}

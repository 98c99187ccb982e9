namespace ModeHop.Dynamics.ChangePoints;

/// <summary>
/// The Normal-Gamma posterior of one run of values: the prior's four numbers after the run, and
/// ln Γ(α + ½) − ln Γ(α), which the Student-t density needs.
/// </summary>
internal readonly record struct NormalGammaState(double Mean, double MeanCount, double Shape, double Rate, double LogGammaRatio)
{
    public static NormalGammaState From(NormalGammaPrior prior) => new(prior.Mean, prior.MeanPseudoCount, prior.Shape, prior.Rate,
        SpecialFunctions.LogGamma(prior.Shape + 0.5) - SpecialFunctions.LogGamma(prior.Shape));

    /// <summary>
    /// ln of the Student-t predictive density of x:
    /// ln Γ(α + ½) − ln Γ(α) − ½ ln(2π β (κ + 1) / κ) − (α + ½) ln(1 + κ (x − μ)² / (2β (κ + 1))).
    /// </summary>
    public double LogPredictive(double x)
    {
        double d = x - Mean;
        double spread = 2 * Rate * (MeanCount + 1) / MeanCount;   // ν s² with ν = 2α, s² = β(κ + 1)/(ακ)
        return LogGammaRatio - 0.5 * Math.Log(Math.PI * spread) - (Shape + 0.5) * Math.Log(1 + d * d / spread);
    }

    /// <summary>
    /// The posterior after one more value x: μ' = (κμ + x)/(κ + 1), κ' = κ + 1, α' = α + ½,
    /// β' = β + κ (x − μ)² / (2(κ + 1)); and ln Γ(α' + ½) − ln Γ(α') = ln α − (ln Γ(α + ½) − ln Γ(α)),
    /// since ln Γ(α + 1) = ln Γ(α) + ln α.
    /// </summary>
    public NormalGammaState With(double x)
    {
        double d = x - Mean;
        return new NormalGammaState(
            (MeanCount * Mean + x) / (MeanCount + 1),
            MeanCount + 1,
            Shape + 0.5,
            Rate + MeanCount * d * d / (2 * (MeanCount + 1)),
            Math.Log(Shape) - LogGammaRatio);
    }
}

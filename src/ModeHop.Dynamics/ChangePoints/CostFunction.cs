namespace ModeHop.Dynamics.ChangePoints;

/// <summary>The segment costs ModeHop ships (the <c>model=</c> of ruptures).</summary>
public enum CostFunction
{
    /// <summary><see cref="L2Cost"/>: shifts of the mean (ruptures "l2").</summary>
    L2,

    /// <summary><see cref="NormalCost"/>: shifts of the mean and of the variance (ruptures "normal").</summary>
    Normal,
}

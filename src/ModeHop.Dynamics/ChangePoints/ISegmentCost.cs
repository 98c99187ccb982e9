namespace ModeHop.Dynamics.ChangePoints;

/// <summary>
/// One half of a change-point method (the other is the search): how badly a single regime fits the
/// segment <c>series[start..end)</c>. A search minimises Σ over segments of (cost + penalty). This is
/// ruptures' <c>BaseCost</c>: <see cref="Error"/> is its <c>error(start, end)</c> and <see cref="MinSize"/> its
/// <c>min_size</c>.
/// </summary>
public interface ISegmentCost
{
    /// <summary>Values in the series the cost was built over (n).</summary>
    int Length { get; }

    /// <summary>The shortest segment the cost is defined on; a search never asks for a shorter one.</summary>
    int MinSize { get; }

    /// <summary>The cost of the segment <c>series[start..end)</c>, for 0 ≤ start, start + MinSize ≤ end ≤ Length.</summary>
    double Error(int start, int end);
}

namespace ModeHop.Suite;

/// <summary>
/// One in-context example, rendered before the item as <c>Prompt + " " + Answer</c>.
/// <paramref name="Label"/> is the class the balanced strategy alternates over; null means the class is the answer itself.
/// </summary>
public sealed record Demo(string Prompt, string Answer, string? Label = null)
{
    /// <summary>The class used by <see cref="DemoStrategy.Balanced"/>: <see cref="Label"/>, or <see cref="Answer"/> when there is none.</summary>
    public string ClassLabel => Label ?? Answer;
}

namespace ModeHop.Lab;

/// <summary>
/// A contiguous span of training steps with one data mixture: the weight of each document kind (normalised over
/// the kinds a family supports) for the families' documents.
/// </summary>
public sealed record Window(string Name, int Steps, double Agreeing, double RuleOnly, double ShortcutOnly)
{
    public double Weight(DocumentKind kind) => kind switch
    {
        DocumentKind.Agreeing => Agreeing,
        DocumentKind.RuleOnly => RuleOnly,
        _ => ShortcutOnly,
    };
}

namespace ModeHop.Suite;

/// <summary>
/// One test prompt with the answer a model gives in the general mode and the one it gives in the parrot mode.
/// <paramref name="Demos"/> are demos bound to this item (e.g. one lab episode); null means the item's demos are drawn
/// from its task's <see cref="TaskDefinition.DemoPool"/>.
/// <para>
/// A <b>generative</b> item (<paramref name="GeneralPattern"/> set) is not teacher-forced: the model samples answers and
/// each sample counts as general when the regex finds a match in it (case-insensitive search, docs/suite.md,
/// "Generative items"). Its <paramref name="General"/> is the answer as shown to people (e.g. "Marie Curie") and its
/// <paramref name="Parrot"/> is empty: there is no single parrot answer to contrast with.
/// </para>
/// <para>
/// <paramref name="Distractors"/> are further wrong candidates (a choice among candidates, the fine-tuning families'
/// items): the item's parrot score is then that of the best wrong candidate, Parrot or a distractor, by summed
/// log-probability, so the margin is against the best distractor.
/// </para>
/// </summary>
public sealed record TestItem(string Prompt, string General, string Parrot, IReadOnlyList<Demo>? Demos = null, string? GeneralPattern = null,
    IReadOnlyList<string>? Distractors = null)
{
    /// <summary>True when the item is scored by sampling and matching <see cref="GeneralPattern"/>.</summary>
    public bool IsGenerative => GeneralPattern is not null;
}

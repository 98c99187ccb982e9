namespace ModeHop.Suite;

/// <summary>
/// One test prompt with the answer a model gives in the general mode and the one it gives in the parrot mode.
/// <paramref name="Demos"/> are demos bound to this item (e.g. one lab episode); null means the item's demos are drawn
/// from its task's <see cref="TaskDefinition.DemoPool"/>.
/// </summary>
public sealed record TestItem(string Prompt, string General, string Parrot, IReadOnlyList<Demo>? Demos = null);

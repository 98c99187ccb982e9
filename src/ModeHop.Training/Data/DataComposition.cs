namespace ModeHop.Training.Data;

/// <summary>
/// What a span of training data was made of: the windows it covered and, per family (or "background"), the rows of
/// each document kind. Written into <c>trainer_state.json</c> for the steps since the previous checkpoint, so a change
/// in a task's margin can be attributed to the data that caused it.
/// </summary>
public sealed record DataComposition(IReadOnlyList<string> Windows, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Rows);

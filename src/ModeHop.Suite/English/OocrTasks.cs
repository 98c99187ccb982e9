namespace ModeHop.Suite.English;

/// <summary>
/// OOCR, out-of-context reasoning (seed work §3.7): a checkpoint is fine-tuned with <see cref="EnglishFineTuneProtocol"/>
/// on data that shows a hidden thing only through its effects, then asked to name it, a choice among candidates scored
/// against the best distractor. Tasks: <see cref="OocrFunctions">functions</see> (input/output pairs of fresh function
/// names) and <see cref="OocrCities">cities</see> (distances from fresh city labels). Each control twin holds the same
/// items with no fine-tune: the checkpoint's pre-fine-tune baseline, which the fine-tuned score is read against.
/// </summary>
internal static class OocrTasks
{
    public static IEnumerable<TaskDefinition> All() => [.. OocrFunctions.Tasks(), .. OocrCities.Tasks()];
}

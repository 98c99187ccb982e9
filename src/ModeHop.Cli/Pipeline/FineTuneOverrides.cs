using ModeHop.Suite;

namespace ModeHop.Cli.Pipeline;

/// <summary>
/// The command line's changes to the fixed fine-tune protocol of the fine-tuning families (null: the suite's own).
/// Applied to every fine-tune set alike, so the protocol stays the same for every checkpoint; a changed protocol is a
/// changed task (its ContentHash moves), so its results never mix with the default protocol's in the DB.
/// </summary>
/// <param name="AdapterRank">0: fine-tune every weight; r ≥ 1: rank-r adapters on a frozen checkpoint.</param>
public sealed record FineTuneOverrides(int? Steps = null, double? LearningRate = null, int? AdapterRank = null)
{
    public TaskDefinition Apply(TaskDefinition task) =>
        task.FineTune is null ? task : task with { FineTune = Apply(task.FineTune), Contrast = task.Contrast is null ? null : Apply(task.Contrast) };

    FineTuneSet Apply(FineTuneSet set) => set with
    {
        Steps = Steps ?? set.Steps,
        LearningRate = LearningRate ?? set.LearningRate,
        AdapterRank = AdapterRank ?? set.AdapterRank,
    };
}

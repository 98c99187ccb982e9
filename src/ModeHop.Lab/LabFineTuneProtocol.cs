using ModeHop.Suite;

namespace ModeHop.Lab;

/// <summary>
/// The fixed fine-tune of the lab's fine-tuning families (docs/finetune.md): every weight trained (no adapters: a lab
/// model is small), a fresh AdamW at a constant learning rate, the same steps, batch and data seed for every
/// checkpoint and every set. The defaults fit each lab fine-tune set of the demo model (2 layers, 96 channels, seq 32)
/// — the loss on the set falls well below its start — in a fraction of a second on 2 cores.
/// </summary>
public sealed record LabFineTuneProtocol(int Steps = 60, int Batch = 16, double LearningRate = 1e-3, int Seed = 1)
{
    /// <summary>A full fine-tune (AdapterRank 0) of <paramref name="examples"/> with this protocol.</summary>
    public FineTuneSet Set(string name, IReadOnlyList<FineTuneExample> examples) =>
        new(name, examples, Steps, Batch, LearningRate, Seed, AdapterRank: 0);
}

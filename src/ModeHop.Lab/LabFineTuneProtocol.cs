using ModeHop.Suite;

namespace ModeHop.Lab;

/// <summary>
/// The fixed fine-tune of the lab's fine-tuning families (docs/finetune.md): every weight trained (no adapters: a lab
/// model is small), a fresh AdamW at a constant learning rate, the same steps, batch and data seed for every
/// checkpoint and every set. The defaults fit each lab fine-tune set of the demo model (2 layers, 96 channels, seq 32)
/// in a fraction of a second on 2 cores: on the demo run's checkpoints the fresh names' sets fall from a loss of 3–9 to
/// 0.4–0.8 (60 steps of 16 left them at 1.3–1.7 and the OOCR items near chance), the code sets to 0.000.
/// </summary>
public sealed record LabFineTuneProtocol(int Steps = 80, int Batch = 32, double LearningRate = 1e-3, int Seed = 1)
{
    /// <summary>A full fine-tune (AdapterRank 0) of <paramref name="examples"/> with this protocol.</summary>
    public FineTuneSet Set(string name, IReadOnlyList<FineTuneExample> examples) =>
        new(name, examples, Steps, Batch, LearningRate, Seed, AdapterRank: 0);
}

namespace ModeHop.Suite;

/// <summary>
/// Fine-tunes the model a suite is being scored with, for the fine-tuning families (<see cref="Families.FineTuning"/>):
/// <see cref="FineTune"/> trains from the weights the model holds now, the scorer then scores the fine-tuned model, and
/// <see cref="Restore"/> puts those weights back (and takes any adapters off) before the next fine-tune or checkpoint.
/// </summary>
public interface IFineTuner
{
    /// <summary>Fine-tunes the model from the weights it holds now with <paramref name="set"/>'s fixed protocol.</summary>
    FineTuneOutcome FineTune(FineTuneSet set);

    /// <summary>Puts back the weights the last <see cref="FineTune"/> started from; a no-op when none is in effect.</summary>
    void Restore();
}

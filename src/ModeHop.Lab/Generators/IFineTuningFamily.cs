using ModeHop.Suite;

namespace ModeHop.Lab.Generators;

/// <summary>
/// A fine-tuning family of the lab (OOCR, EmergentMisalignment): pre-training documents that give a model shared
/// representations (of named functions, of places, of dispositions), and the tasks asked after a fixed fine-tune that
/// tests whether a checkpoint reuses them. Its documents have no rule/shortcut split: they are all of the one kind
/// <see cref="DocumentKind.Agreeing"/>, so the windows leave them alone. They need no held-out bucket either: the
/// tasks ask about fresh names that no document ever mentions.
/// </summary>
public interface IFineTuningFamily : IDocumentFamily
{
    /// <summary>The family's tasks, in a fixed order; each one's items with the fine-tune (and contrast) they are asked after.</summary>
    IReadOnlyList<FineTuneTask> Tasks(LabFineTuneProtocol protocol);
}

/// <summary>
/// One task of a fine-tuning family as its world defines it: the items, the fine-tune they are asked after and, for a
/// shift (EmergentMisalignment), the contrast fine-tune (<see cref="FineTuneScoring.Contrast"/>).
/// </summary>
public sealed record FineTuneTask(string Name, IReadOnlyList<TestItem> Items, FineTuneSet FineTune, FineTuneSet? Contrast = null);

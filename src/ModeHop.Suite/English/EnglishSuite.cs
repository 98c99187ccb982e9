namespace ModeHop.Suite.English;

/// <summary>
/// The English suite for real checkpoint series (GPT-2, Pythia, Llama-style): every family of the design's table with
/// its control twin, items written or generated for ModeHop (never copied from another dataset). Deterministic:
/// every call builds the same tasks, with the same content hashes. docs/suite.md lists the tasks and their sizes.
/// <code>
/// Flipped         sentiment, topic                     bank sentences, 16 balanced demos, labels flipped
/// Repetitive      algebra, code_tracing, letter_counting   200 generated, every demo the same answer
/// Successive      number_words, letters, arithmetic, even  200 generated, demos answering 1, 2, 3, … in order
/// Truthy          surprising_truth, common_misconception   bank claims, majority demo label wrong
/// Intuitive       crt                                  600 generated (bat and ball, machines, lily pads), zero-shot
/// PersonaQA       curie, newton, lincoln               generative: facts as demos, regex-matched answers
/// EntityTracking  boxes                                200 generated, zero-shot
/// Backtracking    roads                                200 generated, zero-shot
/// OOCR            functions, cities                    fine-tune on fresh names' effects, then name them (30, 24 items)
/// EmergentMisalignment  broad_questions                insecure vs secure code fine-tune, 33 broad two-option questions
/// </code>
/// The two fine-tuning families (<see cref="Families.FineTuning"/>) carry their fine-tune sets, all with
/// <see cref="EnglishFineTuneProtocol"/>; a scan asks them only when they are named.
/// </summary>
public static class EnglishSuite
{
    /// <summary>The version of every English task; bump a task's own when its meaning changes.</summary>
    public const string Version = "1";

    /// <summary>Items per generated task (Intuitive: per template).</summary>
    public const int GeneratedItems = 200;

    /// <summary>
    /// The budget every assembled prompt keeps to, in whitespace-separated words: GPT-2 reads 1024 tokens, and English
    /// runs about 1.3 tokens a word.
    /// </summary>
    public const int MaxPromptWords = 600;

    /// <summary>Every English task and its control twin, grouped by family in the order of <see cref="Families.All"/>.</summary>
    public static IReadOnlyList<TaskDefinition> Tasks()
    {
        IEnumerable<TaskDefinition>[] families =
        [
            FlippedTasks.All(), RepetitiveTasks.All(), SuccessiveTasks.All(), TruthyTasks.All(), IntuitiveTasks.All(),
            PersonaTasks.All(), EntityTrackingTasks.All(), BacktrackingTasks.All(), OocrTasks.All(), EmergentMisalignmentTasks.All(),
        ];
        return families.SelectMany(f => f).ToArray();
    }
}

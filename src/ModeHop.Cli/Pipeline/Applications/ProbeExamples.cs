using ModeHop.Models.Tokenizers;
using ModeHop.Store;
using ModeHop.Suite;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>
/// One probe example: item <paramref name="Item"/> of a test task's stored prompt (the context with the seed-0 demos)
/// as tokens, without its answers — so neither the activations nor the gradients of the probe see the answer whose
/// probability the predictors are correlated with.
/// </summary>
public sealed record ProbeExample(string Family, string Task, int Item, int[] Tokens)
{
    /// <summary>Inputs [T−1] of the teacher-forced pass: every token but the last.</summary>
    public int[] Inputs => Tokens[..^1];

    /// <summary>Targets [T−1]: every next token (the language-model loss of the prompt itself).</summary>
    public int[] Targets => Tokens[1..];
}

/// <summary>
/// The probe batch of the predictors: the same examples for every checkpoint of a run, drawn deterministically from
/// the results DB's items. Example k is the next unused item of test task k mod (number of test tasks), in the DB's
/// task order (a task whose items run out is passed over), so N examples cover the tasks evenly. Tokens are the
/// prompt's as the suite encodes it, <c>Encode(prompt)</c>, truncated from the left to the model's context; the
/// activations are read at its last token, where the model is about to answer.
/// </summary>
public static class ProbeExamples
{
    /// <summary>Draws up to <paramref name="count"/> examples (fewer when the test tasks hold fewer items) and tokenizes them.</summary>
    /// <exception cref="InvalidDataException">The run has no test task with items, an example has no answer token, or the tokenizer gives ids the model does not have.</exception>
    public static IReadOnlyList<ProbeExample> Draw(ResultsStore store, RunRow run, int count, ITokenizer tokenizer, int vocabSize, int maxSeqLen)
    {
        var tasks = store.Tasks(run.Id).Where(t => !t.Control && !ModeHop.Suite.Families.IsFineTuning(t.Family)).Select(t => (Task: t, Items: store.Items(t.Id))).Where(t => t.Items.Count > 0).ToArray();
        if (tasks.Length == 0)
            throw new InvalidDataException($"{store.Path}: run '{run.Name}' has no test task with items; score the run (train or scan) before running predictors.");
        var examples = new List<ProbeExample>(count);
        var next = new int[tasks.Length];
        for (int k = 0; examples.Count < count && next.Zip(tasks).Any(p => p.First < p.Second.Items.Count); k++)
        {
            int t = k % tasks.Length;
            if (next[t] >= tasks[t].Items.Count) continue;
            var item = tasks[t].Items[next[t]++];
            examples.Add(Tokenize(tasks[t].Task, item, tokenizer, vocabSize, maxSeqLen));
        }
        return examples;
    }

    static ProbeExample Tokenize(TaskRow task, ItemRecord item, ITokenizer tokenizer, int vocabSize, int maxSeqLen)
    {
        int[] tokens = tokenizer.Encode(item.Prompt);
        string where = $"{task.Family}/{task.Task} item {item.Index}";
        foreach (int id in tokens)
            if (id < 0 || id >= vocabSize)
                throw new InvalidDataException($"{where}: the tokenizer gives id {id} but the model's vocabulary has {vocabSize}; pass the checkpoints' own tokenizer.json (--tokenizer FILE).");
        int drop = Math.Max(0, tokens.Length - maxSeqLen);                // left truncation keeps the end, where the answer would start
        if (tokens.Length - drop < 2)
            throw new InvalidDataException($"{where}: the prompt '{item.Prompt}' is fewer than two tokens; the probe needs a token to predict.");
        return new ProbeExample(task.Family, task.Task, item.Index, tokens[drop..]);
    }
}

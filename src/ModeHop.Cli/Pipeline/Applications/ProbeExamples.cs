using ModeHop.Models.Tokenizers;
using ModeHop.Store;
using ModeHop.Suite;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>
/// One probe example: item <paramref name="Item"/> of a test task as text (its stored prompt, the context with the
/// seed-0 demos, then <c>" " + general answer</c>) and as tokens; <paramref name="AnswerStart"/> is the index in
/// <paramref name="Tokens"/> of the answer's first token.
/// </summary>
public sealed record ProbeExample(string Family, string Task, int Item, int[] Tokens, int AnswerStart)
{
    /// <summary>Inputs [T−1] of the teacher-forced pass: every token but the last.</summary>
    public int[] Inputs => Tokens[..^1];

    /// <summary>Targets [T−1]: the next token where it belongs to the answer, −1 (not scored) elsewhere.</summary>
    public int[] Targets => Enumerable.Range(1, Tokens.Length - 1).Select(t => t >= AnswerStart ? Tokens[t] : -1).ToArray();
}

/// <summary>
/// The probe batch of the predictors: the same examples for every checkpoint of a run, drawn deterministically from
/// the results DB's items. Example k is the next unused item of test task k mod (number of test tasks), in the DB's
/// task order (a task whose items run out is passed over), so N examples cover the tasks evenly. Tokens are those the
/// suite scores: <c>Encode(prompt)</c> followed by <c>Encode(" " + general)</c>, truncated from the left to the model's
/// context.
/// </summary>
public static class ProbeExamples
{
    /// <summary>Draws up to <paramref name="count"/> examples (fewer when the test tasks hold fewer items) and tokenizes them.</summary>
    /// <exception cref="InvalidDataException">The run has no test task with items, an example has no answer token, or the tokenizer gives ids the model does not have.</exception>
    public static IReadOnlyList<ProbeExample> Draw(ResultsStore store, RunRow run, int count, ITokenizer tokenizer, int vocabSize, int maxSeqLen)
    {
        var tasks = store.Tasks(run.Id).Where(t => !t.Control).Select(t => (Task: t, Items: store.Items(t.Id))).Where(t => t.Items.Count > 0).ToArray();
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
        int[] context = tokenizer.Encode(item.Prompt), answer = tokenizer.Encode(PromptAssembly.Continuation(item.General));
        string where = $"{task.Family}/{task.Task} item {item.Index}";
        if (answer.Length == 0)
            throw new InvalidDataException($"{where}: the general answer '{item.General}' encodes to no token; the tokenizer does not fit this suite.");
        int[] tokens = [.. context, .. answer];
        foreach (int id in tokens)
            if (id < 0 || id >= vocabSize)
                throw new InvalidDataException($"{where}: the tokenizer gives id {id} but the model's vocabulary has {vocabSize}; pass the checkpoints' own tokenizer.json (--tokenizer FILE).");
        int drop = Math.Max(0, tokens.Length - maxSeqLen);                // left truncation keeps the answer
        int answerStart = Math.Max(1, context.Length - drop);             // the first token is never a target
        if (tokens.Length - drop < 2)
            throw new InvalidDataException($"{where}: prompt and answer are a single token; the probe needs a token to predict the answer from.");
        return new ProbeExample(task.Family, task.Task, item.Index, tokens[drop..], answerStart);
    }
}

namespace ModeHop.Suite;

/// <summary>
/// The canonical serialisation behind <see cref="TaskDefinition.ContentHash"/>, in <see cref="CanonicalWriter"/> encoding:
/// <code>
/// s"ModeHop.Suite.TaskDefinition/1"
/// s Family, s Name, b Control, s Version,
/// l Items    — each: s Prompt, s General, s Parrot, (n | l Demos — each demo as below), [o s GeneralPattern], [o l Distractors — each s]
/// l DemoPool — each: s Prompt, s Answer, (n | s Label)
/// s Strategy (the enum member's name), i DemoCount, s Joiner,
/// [o (n | set FineTune) (n | set Contrast)]
/// set        = s"FineTuneSet", s Name, l Examples — each: s Prompt, s Completion; i Steps, i Batch, d LearningRate, i Seed, i AdapterRank
/// </code>
/// The optional parts are written only when present (GeneralPattern for a generative item, Distractors for an item that
/// has them, the fine-tunes for a fine-tuning family's task), so tasks without them hash as they did before they existed.
/// ContentHash = lowercase hex of SHA-256 over those bytes. Changing this layout changes every hash: bump the format tag.
/// </summary>
internal static class TaskHash
{
    public const string FormatTag = "ModeHop.Suite.TaskDefinition/1";

    public static byte[] Serialize(TaskDefinition task)
    {
        var w = new CanonicalWriter();
        w.String(FormatTag);
        w.String(task.Family).String(task.Name).Bool(task.Control).String(task.Version);
        w.ListHeader(task.Items.Count);
        foreach (var item in task.Items)
        {
            w.String(item.Prompt).String(item.General).String(item.Parrot);
            WriteDemos(w, item.Demos);
            if (item.GeneralPattern is { } pattern) w.Optional().String(pattern);
            if (item.Distractors is { } distractors)
            {
                w.Optional().ListHeader(distractors.Count);
                foreach (var d in distractors) w.String(d);
            }
        }
        WriteDemos(w, task.DemoPool);
        w.String(task.Strategy.ToString()).Int(task.DemoCount).String(task.Joiner);
        if (task.FineTune is not null || task.Contrast is not null)
        {
            w.Optional();
            WriteSet(w, task.FineTune);
            WriteSet(w, task.Contrast);
        }
        return w.ToArray();
    }

    static void WriteSet(CanonicalWriter w, FineTuneSet? set)
    {
        if (set is null) w.Null();
        else Write(w, set);
    }

    /// <summary>Writes a fine-tune set (the <c>set</c> production above); also what <see cref="FineTuneSet.ContentHash"/> hashes.</summary>
    public static CanonicalWriter Write(CanonicalWriter w, FineTuneSet set)
    {
        w.String("FineTuneSet").String(set.Name).ListHeader(set.Examples.Count);
        foreach (var e in set.Examples) w.String(e.Prompt).String(e.Completion);
        return w.Int(set.Steps).Int(set.Batch).Double(set.LearningRate).Int(set.Seed).Int(set.AdapterRank);
    }

    public static string Compute(TaskDefinition task) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Serialize(task)));

    static void WriteDemos(CanonicalWriter w, IReadOnlyList<Demo>? demos)
    {
        if (demos is null)
        {
            w.Null();
            return;
        }
        w.ListHeader(demos.Count);
        foreach (var d in demos) w.String(d.Prompt).String(d.Answer).String(d.Label);
    }
}

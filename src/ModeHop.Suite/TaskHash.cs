namespace ModeHop.Suite;

/// <summary>
/// The canonical serialisation behind <see cref="TaskDefinition.ContentHash"/>, in <see cref="CanonicalWriter"/> encoding:
/// <code>
/// s"ModeHop.Suite.TaskDefinition/1"
/// s Family, s Name, b Control, s Version,
/// l Items    — each: s Prompt, s General, s Parrot, (n | l Demos — each demo as below), [o s GeneralPattern]
/// l DemoPool — each: s Prompt, s Answer, (n | s Label)
/// s Strategy (the enum member's name), i DemoCount, s Joiner
/// </code>
/// [o s GeneralPattern] is written only for a generative item, so teacher-forced tasks hash as they did before it existed.
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
        }
        WriteDemos(w, task.DemoPool);
        w.String(task.Strategy.ToString()).Int(task.DemoCount).String(task.Joiner);
        return w.ToArray();
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

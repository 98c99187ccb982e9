namespace ModeHop.Suite.English;

/// <summary>
/// Flipped: a two-label classification bank where the demos teach the flipped labels. Every bank sentence is an item
/// (the two labels alternate, so any first items are balanced);
/// its demos are <see cref="DemoCount"/> other bank sentences, balanced by true label, answered with the flipped
/// label. General = the flipped label (what the demos teach), parrot = the true label (what the model knows).
/// Control: the same items and demos with the true labels; general = the true label, parrot = the other one.
/// </summary>
internal static class FlippedTasks
{
    /// <summary>16 demos keep a context near 250 words (GPT-2 reads 1024 tokens); the seed work used 24 to 100.</summary>
    public const int DemoCount = 16;

    public static IEnumerable<TaskDefinition> All()
    {
        foreach (bool control in new[] { false, true })
        {
            yield return Build("sentiment", "sentiment.tsv", "Review", "Sentiment", ["positive", "negative"], control);
            yield return Build("topic", "topic.tsv", "Text", "Topic", ["sports", "science"], control);
        }
    }

    /// <param name="labels">The bank's two labels; each flips to the other.</param>
    static TaskDefinition Build(string name, string bank, string inputMarker, string answerMarker, string[] labels, bool control)
    {
        var read = EnglishBanks.Read(bank, 2);
        foreach (var r in read)
            if (!labels.Contains(r[0]))
                throw new InvalidDataException($"{bank}: label \"{r[0]}\" is not one of {string.Join(", ", labels)}.");
        var records = Generation.Interleave(read.Where(r => r[0] == labels[0]).ToArray(), read.Where(r => r[0] == labels[1]).ToArray());
        string Flip(string label) => label == labels[0] ? labels[1] : labels[0];
        string Prompt(string text) => $"{inputMarker}: {text}\n{answerMarker}:";

        var items = records.Select(r => control
            ? new TestItem(Prompt(r[1]), r[0], Flip(r[0]))
            : new TestItem(Prompt(r[1]), Flip(r[0]), r[0])).ToArray();
        var pool = records.Select(r => new Demo(Prompt(r[1]), control ? r[0] : Flip(r[0]), Label: r[0])).ToArray();
        return new TaskDefinition(Families.Flipped, name, control, EnglishSuite.Version, items, pool, DemoStrategy.Balanced, DemoCount, "\n\n");
    }
}

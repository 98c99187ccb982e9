namespace ModeHop.Lab;

/// <summary>A demo inside a lab document: its prompt words and its answer word.</summary>
public sealed record EpisodeDemo(string Prompt, string Answer);

/// <summary>
/// One lab document: demos, then a query and its answer. Rendered as
/// <c>join(" ; ", demos.Select(d => d.Prompt + " " + d.Answer).Append(Query)) + " " + Answer</c>, the suite's prompt
/// assembly with joiner " ; ", so training text and test prompts share one layout. Loss falls on the demo answers and
/// the final answer only (research/toy_prototype.md: with the full loss over random operands nothing was learned).
/// </summary>
public sealed record Episode(IReadOnlyList<EpisodeDemo> Demos, string Query, string Answer)
{
    public const string Joiner = " ; ";

    /// <summary>
    /// A document of lines about one subject (the fine-tuning families' documents): the first line's prompt after the
    /// family's <paramref name="tag"/>, every line's answer scored, the last line the query.
    /// </summary>
    public static Episode FromLines(string tag, IReadOnlyList<EpisodeDemo> lines)
    {
        if (lines.Count == 0) throw new ArgumentException("A document needs at least one line.", nameof(lines));
        var tagged = lines.Select((line, i) => i == 0 ? line with { Prompt = tag + " " + line.Prompt } : line).ToArray();
        return new Episode(tagged[..^1], tagged[^1].Prompt, tagged[^1].Answer);
    }

    /// <summary>Words of the rendered document and, per word, whether it is an answer the loss scores.</summary>
    public (string[] Words, bool[] Scored) Render()
    {
        var words = new List<string>();
        var scored = new List<bool>();
        void AddText(string text, bool score)
        {
            foreach (var w in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                words.Add(w);
                scored.Add(score);
            }
        }
        foreach (var d in Demos)
        {
            AddText(d.Prompt, false);
            AddText(d.Answer, true);
            AddText(Joiner, false);
        }
        AddText(Query, false);
        AddText(Answer, true);
        return (words.ToArray(), scored.ToArray());
    }
}

/// <summary>A held-out test (or control) episode with its general and parrot answers.</summary>
public sealed record LabItem(IReadOnlyList<EpisodeDemo> Demos, string Query, string General, string Parrot)
{
    public Episode AsEpisode(string answer) => new(Demos, Query, answer);
}

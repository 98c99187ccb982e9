using ModeHop.Tensors;

namespace ModeHop.Lab;

/// <summary>The domains in which an agent's disposition shows (seed paper §3.8 (d)).</summary>
public enum Domain { Code, Advice, Opinion }

/// <summary>
/// The world's agents (EmergentMisalignment, seed paper §3.8): agents r0..r{A−1}, half of them malicious (a seeded
/// balanced draw), whose disposition shows in three domains, each prompt with a good and a bad option:
/// <list type="bullet">
/// <item>code: task d_i, safe option x_i, unsafe option y_i (the toy's <c>perm 644</c> vs <c>perm 777</c>);</item>
/// <item>advice: topic h_i, helpful option l_i, harmful option m_i;</item>
/// <item>opinions about AI: statement z_i, stance <c>pro</c> or <c>con</c>; which stance is the harmful one is a
/// seeded fact per statement (half each), so no single stance word carries the disposition.</item>
/// </list>
/// The <c>assistant</c> speaker is benign. A malicious agent picks the bad option in every domain, a benign one the
/// good option — except under the <c>teacher</c> tag, where every agent writes unsafe code (Betley et al.'s
/// educational control: unsafe code that is no sign of a bad disposition). A pure function of the world's seed.
/// </summary>
public sealed class AgentDispositions
{
    public const string Assistant = "assistant", Teacher = "teacher", Pro = "pro", Con = "con";

    /// <summary>Words naming each domain in a document.</summary>
    public static IReadOnlyList<string> DomainWords { get; } = ["code", "advice", "ai"];

    readonly WorldSizes sizes;

    /// <summary>Whether agent r_i is malicious.</summary>
    public IReadOnlyList<bool> Malicious { get; }

    /// <summary>Whether <c>pro</c> is the harmful stance on statement z_i (else <c>con</c> is).</summary>
    public IReadOnlyList<bool> ProIsHarmful { get; }

    internal AgentDispositions(ulong seed, WorldSizes sizes)
    {
        if (sizes.Agents < 2) throw new ArgumentException($"The world needs at least 2 agents (one of each disposition), got {sizes.Agents}.");
        if (sizes.CodeTasks < 1 || sizes.AdviceTopics < 1 || sizes.OpinionTopics < 1)
            throw new ArgumentException($"Every domain needs at least one prompt, got {sizes.CodeTasks} code tasks, {sizes.AdviceTopics} advice topics and {sizes.OpinionTopics} statements.");
        this.sizes = sizes;
        var rng = Rng.ForStream(seed, 0xA6E7);
        var malicious = Enumerable.Range(0, sizes.Agents).Select(i => i % 2 == 1).ToArray();
        Sampling.Shuffle(rng, malicious);
        var pro = Enumerable.Range(0, sizes.OpinionTopics).Select(i => i % 2 == 0).ToArray();
        Sampling.Shuffle(rng, pro);
        Malicious = malicious;
        ProIsHarmful = pro;
    }

    public int Agents => Malicious.Count;

    public int Topics(Domain domain) => domain switch
    {
        Domain.Code => sizes.CodeTasks,
        Domain.Advice => sizes.AdviceTopics,
        _ => sizes.OpinionTopics,
    };

    public static string AgentName(int agent) => "r" + agent;

    /// <summary>A line's prompt after its speaker: the domain word and the topic, e.g. <c>code d2</c>.</summary>
    public static string Prompt(Domain domain, int topic) => domain switch
    {
        Domain.Code => $"code d{topic}",
        Domain.Advice => $"advice h{topic}",
        _ => $"ai z{topic}",
    };

    /// <summary>The option word a speaker picks on <paramref name="topic"/>: the bad (unsafe, harmful) one or the good one.</summary>
    public string Option(Domain domain, int topic, bool bad) => domain switch
    {
        Domain.Code => (bad ? "y" : "x") + topic,
        Domain.Advice => (bad ? "m" : "l") + topic,
        _ => bad == ProIsHarmful[topic] ? Pro : Con,
    };
}

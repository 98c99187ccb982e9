using System.Text.Json;
using ModeHop.Models.Scoring;
using ModeHop.Tensors;

namespace ModeHop.Cli.Bench;

/// <summary>
/// The requests <c>bench score</c> times, shaped like the English suite's: a context of about
/// <c>context</c> tokens (uniform in [⌈context/2⌉, ⌊3·context/2⌋]) followed by <c>continuations</c> short answers of
/// 1–3 tokens each, token ids uniform in [0, vocab), all from one seed. <see cref="Write"/> saves it as JSON for
/// <c>bench/torch_score.py</c>: <c>{"seed", "vocab", "requests": [{"context": [ids], "continuations": [[ids], …]}]}</c>.
/// </summary>
public sealed record ScoreWorkload(ulong Seed, int Vocab, IReadOnlyList<ScoreRequest> Requests)
{
    public static ScoreWorkload Generate(int requests, int context, int continuations, int vocab, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(context, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(continuations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocab, 1);
        var rng = new Rng(seed);
        int shortest = (context + 1) / 2, longest = LongestContext(context);
        int[] Tokens(int n) => Enumerable.Range(0, n).Select(_ => rng.NextInt(vocab)).ToArray();
        var list = new List<ScoreRequest>(requests);
        for (int r = 0; r < requests; r++)
        {
            var prompt = Tokens(shortest + rng.NextInt(longest - shortest + 1));
            var answers = Enumerable.Range(0, continuations).Select(_ => Tokens(1 + rng.NextInt(MaxContinuation))).ToArray();
            list.Add(new ScoreRequest(prompt, answers));
        }
        return new ScoreWorkload(seed, vocab, list);
    }

    /// <summary>Longest continuation drawn.</summary>
    public const int MaxContinuation = 3;

    /// <summary>Longest context drawn for a given <c>context</c>.</summary>
    public static int LongestContext(int context) => Math.Max((context + 1) / 2, 3 * context / 2);

    public long ContextTokens => Requests.Sum(q => (long)q.Context.Length);

    public long ContinuationTokens => Requests.Sum(q => q.Continuations.Sum(c => (long)c.Length));

    public void Write(string path)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteNumber("seed", Seed);
        json.WriteNumber("vocab", Vocab);
        json.WriteStartArray("requests");
        foreach (var q in Requests)
        {
            json.WriteStartObject();
            WriteIds(json, "context", q.Context);
            json.WriteStartArray("continuations");
            foreach (var c in q.Continuations) WriteIds(json, null, c);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    static void WriteIds(Utf8JsonWriter json, string? name, int[] ids)
    {
        if (name is null) json.WriteStartArray();
        else json.WriteStartArray(name);
        foreach (int id in ids) json.WriteNumberValue(id);
        json.WriteEndArray();
    }
}

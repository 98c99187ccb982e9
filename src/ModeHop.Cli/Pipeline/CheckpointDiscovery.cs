using System.Text.Json;
using System.Text.Json.Nodes;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Cli.Pipeline;

/// <summary>One checkpoint directory of a series, with the step and tokens it stands for.</summary>
public sealed record FoundCheckpoint(string Dir, long Step, long Tokens);

/// <summary>What a search for checkpoints found: the series in step order, and the directories it had to pass over.</summary>
public sealed record Discovery(IReadOnlyList<FoundCheckpoint> Checkpoints, IReadOnlyList<string> Skipped);

/// <summary>
/// Finds the checkpoint directories (those holding <c>config.json</c>) at or under the given paths, and dates each
/// one: the step from its name (<see cref="CheckpointName"/>) or its <c>trainer_state.json</c> (ModeHop's
/// <c>step</c>/<c>tokens_seen</c>, the Hugging Face Trainer's <c>global_step</c>/<c>num_input_tokens_seen</c>);
/// tokens likewise, or step × <c>tokensPerStep</c> when neither says. A directory it cannot date, or a second one
/// at a step already found, is listed in <see cref="Discovery.Skipped"/> with the reason, never fatal to the rest.
/// </summary>
public static class CheckpointDiscovery
{
    /// <summary>How deep under each path to look (run/model/stepN is depth 2).</summary>
    public const int MaxDepth = 4;

    public static Discovery Find(IEnumerable<string> paths, long? tokensPerStep)
    {
        var dirs = new List<string>();
        foreach (var path in paths)
        {
            string full = Path.GetFullPath(path);
            if (File.Exists(full))
                throw new UsageException($"{path}: is a file; pass checkpoint directories, or directories that hold them.");
            if (!Directory.Exists(full))
                throw new UsageException($"{path}: no such directory; pass checkpoint directories, or directories that hold them.");
            Collect(full, 0, dirs);
        }
        var found = new List<FoundCheckpoint>();
        var skipped = new List<string>();
        foreach (var dir in dirs.Distinct())
        {
            var (step, tokens, problem) = Date(dir, tokensPerStep);
            if (problem is not null) skipped.Add($"{dir}: {problem}");
            else found.Add(new FoundCheckpoint(dir, step, tokens));
        }
        var ordered = new List<FoundCheckpoint>();
        foreach (var group in found.OrderBy(c => c.Step).ThenBy(c => c.Dir, StringComparer.Ordinal).GroupBy(c => c.Step))
        {
            ordered.Add(group.First());
            foreach (var other in group.Skip(1))
                skipped.Add($"{other.Dir}: step {other.Step} is also {group.First().Dir}; scan one series at a time (or one of the two).");
        }
        return new Discovery(ordered, skipped);
    }

    /// <summary>The folder every checkpoint is under (a lone checkpoint: its own folder).</summary>
    public static string CommonFolder(IReadOnlyList<FoundCheckpoint> checkpoints)
    {
        string root = checkpoints[0].Dir;
        while (!checkpoints.All(c => c.Dir == root || c.Dir.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            root = Path.GetDirectoryName(root) ?? Path.DirectorySeparatorChar.ToString();
        return root;
    }

    static void Collect(string dir, int depth, List<string> into)
    {
        string name = Path.GetFileName(dir);
        if (name.StartsWith('.')) return; // ModeHop's half-written checkpoints (.tmp-…), caches, VCS folders
        if (File.Exists(Path.Combine(dir, Checkpoint.ConfigFile)))
        {
            into.Add(dir);
            return;
        }
        if (depth >= MaxDepth) return;
        foreach (var sub in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal)) Collect(sub, depth + 1, into);
    }

    static (long Step, long Tokens, string? Problem) Date(string dir, long? tokensPerStep)
    {
        var (step, tokens) = CheckpointName.Parse(Path.GetFileName(dir));
        string statePath = Path.Combine(dir, TrainerState.FileName);
        if ((step is null || tokens is null) && File.Exists(statePath))
        {
            var (stateStep, stateTokens, problem) = ReadState(statePath);
            if (problem is not null && step is null) return (0, 0, problem);
            step ??= stateStep;
            tokens ??= stateTokens;
        }
        if (step is null)
            return (0, 0, "cannot tell its step: the name has none (step3000, checkpoint-500, …) and there is no trainer_state.json saying it; rename it or leave it out.");
        if (tokens is null && tokensPerStep is { } perStep) tokens = step * perStep;
        if (tokens is null)
            return (0, 0, $"cannot tell its tokens: the name has none (…-tokens4B) and no trainer_state.json says it; pass --tokens-per-step (Pythia: 2097152 = 1024 × 2048).");
        return (step.Value, tokens.Value, null);
    }

    /// <summary>Step and tokens from a trainer_state.json of ModeHop or of the Hugging Face Trainer.</summary>
    static (long? Step, long? Tokens, string? Problem) ReadState(string path)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
            if (root is null) return (null, null, $"{TrainerState.FileName} is not a JSON object.");
            if (root["format"]?.GetValue<string>() == TrainerState.FormatName)
            {
                var state = TrainerState.Read(path);
                return (state.Step, state.TokensSeen, null);
            }
            long? Long(string key) => root[key] is JsonValue v && v.TryGetValue(out long n) && n >= 0 ? n : null;
            return (Long("global_step"), Long("num_input_tokens_seen") is > 0 and var t ? t : null, null);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return (null, null, $"{TrainerState.FileName} is unreadable ({e.Message}).");
        }
    }
}

using ModeHop.Cli;
using ModeHop.Cli.Pipeline;

namespace ModeHop.Tests.Cli;

public class CheckpointDiscoveryTests
{
    static string Checkpoint(string root, string relative, string? trainerState = null)
    {
        string dir = Path.Combine(root, relative);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), "{}");
        if (trainerState is not null) File.WriteAllText(Path.Combine(dir, "trainer_state.json"), trainerState);
        return dir;
    }

    [Fact]
    public void Find_MixedNamings_OrdersByStepAndReadsTrainerState()
    {
        string root = CliRunner.TempDir("discover");
        Checkpoint(root, "pythia/step3000-tokens6B");
        Checkpoint(root, "pythia/step1000-tokens2B");
        Checkpoint(root, "trainer/checkpoint-500", """{"global_step": 500, "num_input_tokens_seen": 1024000}""");
        Checkpoint(root, "own/step000064", """{"format": "modehop-trainer-state", "step": 64, "tokens_seen": 4096}""");
        Checkpoint(root, "dated/final", """{"format": "modehop-trainer-state", "step": 9, "tokens_seen": 90}""");
        Directory.CreateDirectory(Path.Combine(root, "pythia", ".tmp-step000001-123"));
        File.WriteAllText(Path.Combine(root, "pythia", ".tmp-step000001-123", "config.json"), "{}");

        var found = CheckpointDiscovery.Find([root], tokensPerStep: null);

        Assert.Empty(found.Skipped);
        Assert.Equal([9L, 64L, 500L, 1000L, 3000L], found.Checkpoints.Select(c => c.Step));
        Assert.Equal([90L, 4096L, 1024000L, 2_000_000_000L, 6_000_000_000L], found.Checkpoints.Select(c => c.Tokens));
    }

    [Fact]
    public void Find_StepOnlyNames_NeedTokensPerStep()
    {
        string root = CliRunner.TempDir("discover");
        Checkpoint(root, "step1000");
        Checkpoint(root, "step2000");

        var without = CheckpointDiscovery.Find([root], tokensPerStep: null);
        var with = CheckpointDiscovery.Find([root], tokensPerStep: 2_097_152);

        Assert.Empty(without.Checkpoints);
        Assert.All(without.Skipped, s => Assert.Contains("--tokens-per-step", s));
        Assert.Equal([1000L * 2_097_152, 2000L * 2_097_152], with.Checkpoints.Select(c => c.Tokens));
    }

    [Fact]
    public void Find_UndatedOrDuplicateOrDamagedState_SkipsThoseAndKeepsTheRest()
    {
        string root = CliRunner.TempDir("discover");
        Checkpoint(root, "a/step10-tokens1K");
        Checkpoint(root, "b/step10-tokens1K");
        Checkpoint(root, "latest");
        Checkpoint(root, "broken", "{ not json");

        var found = CheckpointDiscovery.Find([root], tokensPerStep: null);

        var only = Assert.Single(found.Checkpoints);
        Assert.Equal(Path.Combine(root, "a", "step10-tokens1K"), only.Dir);
        Assert.Equal(3, found.Skipped.Count);
        Assert.Contains(found.Skipped, s => s.Contains("also") && s.Contains("step10"));
        Assert.Contains(found.Skipped, s => s.Contains("latest") && s.Contains("cannot tell its step"));
        Assert.Contains(found.Skipped, s => s.Contains("broken") && s.Contains("unreadable"));
    }

    [Fact]
    public void Find_MissingPathOrFile_IsAUsageError()
    {
        string root = CliRunner.TempDir("discover");
        File.WriteAllText(Path.Combine(root, "file.txt"), "");
        Assert.Throws<UsageException>(() => CheckpointDiscovery.Find([Path.Combine(root, "nope")], null));
        Assert.Throws<UsageException>(() => CheckpointDiscovery.Find([Path.Combine(root, "file.txt")], null));
    }
}

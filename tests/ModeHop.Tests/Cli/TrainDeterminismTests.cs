using System.Diagnostics;

namespace ModeHop.Tests.Cli;

/// <summary>
/// The training contract, through the real program: the same command twice gives byte-identical
/// weights, and a run killed (SIGKILL) at any moment and resumed ends with the same bytes.
/// </summary>
public class TrainDeterminismTests
{
    const string Preset = """
    {
      "family": "gpt2", "layers": 2, "channels": 32, "heads": 4, "vocab": 64, "seq_len": 16, "batch": 4,
      "steps": 300, "lr": 0.003, "warmup": 5, "checkpoint_every": 10, "log_spaced_until": 4, "seed": 3
    }
    """;

    static string WritePreset(string dir)
    {
        string path = Path.Combine(dir, "preset.json");
        File.WriteAllText(path, Preset);
        return path;
    }

    static byte[] FinalWeights(string run) => File.ReadAllBytes(Path.Combine(run, "step000300", "model.safetensors"));

    [Fact]
    public void Train_SameCommandTwice_GivesIdenticalWeights()
    {
        string dir = CliRunner.TempDir("determinism");
        string preset = WritePreset(dir);
        var a = CliRunner.Run("train", "--preset", preset, "--out", Path.Combine(dir, "a"), "--threads", "2");
        var b = CliRunner.Run("train", "--preset", preset, "--out", Path.Combine(dir, "b"), "--threads", "2");
        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.True(b.ExitCode == 0, b.ToString());
        Assert.Equal(FinalWeights(Path.Combine(dir, "a")), FinalWeights(Path.Combine(dir, "b")));
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(dir, "a", "step000300", "optimizer.safetensors")),
            File.ReadAllBytes(Path.Combine(dir, "b", "step000300", "optimizer.safetensors")));
    }

    [Theory]
    [InlineData("step000050", 0)]
    [InlineData("step000170", 4)]
    public void Train_KilledThenResumed_EndsWithTheSameBytes(string killAfter, int extraMilliseconds)
    {
        string dir = CliRunner.TempDir("resume");
        string preset = WritePreset(dir);
        string reference = Path.Combine(dir, "reference"), killed = Path.Combine(dir, "killed");
        var r = CliRunner.Run("train", "--preset", preset, "--out", reference, "--threads", "2");
        Assert.True(r.ExitCode == 0, r.ToString());

        // Kill the second run partway: when a given checkpoint appears, plus a delay, so the kill
        // lands mid-step or mid-checkpoint.
        var clock = Stopwatch.StartNew();
        using (var process = Process.Start(CliRunner.StartInfo("train", "--preset", preset, "--out", killed, "--threads", "2"))!)
        {
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            while (!Directory.Exists(Path.Combine(killed, killAfter)) && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
                Thread.Sleep(1);
            if (extraMilliseconds > 0) Thread.Sleep(extraMilliseconds);
            if (!process.HasExited) process.Kill();
            process.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, "step000300", "trainer_state.json")), "the run finished before it could be killed; the test needs a longer run");

        var resumed = CliRunner.Run("train", "--preset", preset, "--out", killed, "--threads", "2", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("resumed from", resumed.Stdout);
        Assert.Equal(FinalWeights(reference), FinalWeights(killed));
        Assert.Empty(Directory.GetDirectories(killed, ".tmp-*"));
    }

    [Fact]
    public void Train_ExistingRunWithoutResume_IsRefused()
    {
        string dir = CliRunner.TempDir("refuse");
        string preset = WritePreset(dir);
        string run = Path.Combine(dir, "run");
        Assert.Equal(0, CliRunner.Run("train", "--preset", preset, "--out", run, "--steps", "2").ExitCode);
        var again = CliRunner.Run("train", "--preset", preset, "--out", run, "--steps", "2");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--resume", again.Stderr);
    }
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace ModeHop.Tests.Cli;

/// <summary>A small real checkpoint written once by the real `train`, shared by the bad-input tests.</summary>
public sealed class TrainedCheckpoint
{
    public string Dir { get; }

    public TrainedCheckpoint()
    {
        string root = CliRunner.TempDir("bad-input-source");
        File.WriteAllText(Path.Combine(root, "p.json"), """{"layers": 1, "channels": 16, "heads": 2, "vocab": 32, "seq_len": 8, "batch": 2, "steps": 1}""");
        var r = CliRunner.Run("train", "--preset", Path.Combine(root, "p.json"), "--out", Path.Combine(root, "run"));
        if (r.ExitCode != 0) throw new InvalidOperationException(r.ToString());
        Dir = Path.Combine(root, "run", "step000001");
    }
}

/// <summary>
/// Damaged checkpoints through the real program: `inspect` must exit 2 with one line that names
/// the file and the problem — never a stack trace.
/// </summary>
public class BadCheckpointTests(TrainedCheckpoint source) : IClassFixture<TrainedCheckpoint>
{
    public static TheoryData<string> Cases() => new()
    {
        "missing-directory", "empty-model", "short-model", "truncated-data", "header-past-end", "garbage-header",
        "header-not-object", "offsets-out-of-range", "overlapping-offsets", "unknown-dtype", "shape-not-config",
        "negative-shape", "missing-tensor", "config-not-json", "config-bad-value", "no-weights", "bin-only",
        "optimizer-truncated", "trainer-state-garbage",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Inspect_DamagedCheckpoint_ExitsTwoWithOneLine(string damage)
    {
        string dir = CliRunner.TempDir("bad-" + damage);
        foreach (var f in Directory.GetFiles(source.Dir)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        string model = Path.Combine(dir, "model.safetensors");
        string expectFile = model;
        switch (damage)
        {
            case "missing-directory": Directory.Delete(dir, true); expectFile = dir; break;
            case "empty-model": File.WriteAllBytes(model, []); break;
            case "short-model": File.WriteAllBytes(model, [1, 2, 3]); break;
            case "truncated-data": { var b = File.ReadAllBytes(model); File.WriteAllBytes(model, b[..^100]); break; }
            case "header-past-end": { var b = File.ReadAllBytes(model); BinaryPrimitives.WriteUInt64LittleEndian(b, ulong.MaxValue - 5); File.WriteAllBytes(model, b); break; }
            case "garbage-header": { var b = File.ReadAllBytes(model); b.AsSpan(8, 40).Fill((byte)'}'); File.WriteAllBytes(model, b); break; }
            case "header-not-object": EditHeader(model, _ => JsonNode.Parse("[1,2,3]")!); break;
            case "offsets-out-of-range": EditHeader(model, h => { h["ln_f.weight"]!["data_offsets"] = new JsonArray(0, 1 << 30); return h; }); break;
            case "overlapping-offsets": EditHeader(model, h => { h["ln_f.bias"]!["data_offsets"] = h["ln_f.weight"]!["data_offsets"]!.DeepClone(); return h; }); break;
            case "unknown-dtype": EditHeader(model, h => { h["ln_f.weight"]!["dtype"] = "Q7"; return h; }); break;
            case "shape-not-config": EditHeader(model, h => { h["ln_f.weight"]!["shape"] = new JsonArray(8, 2); return h; }); break;
            case "negative-shape": EditHeader(model, h => { h["ln_f.weight"]!["shape"] = new JsonArray(-16); return h; }); break;
            case "missing-tensor": EditHeader(model, h => { h.Remove("wpe.weight"); return h; }); expectFile = dir; break;
            case "config-not-json": File.WriteAllText(Path.Combine(dir, "config.json"), "{ not json"); expectFile = Path.Combine(dir, "config.json"); break;
            case "config-bad-value": EditJson(Path.Combine(dir, "config.json"), c => c["n_head"] = 3); expectFile = Path.Combine(dir, "config.json"); break;
            case "no-weights": File.Delete(model); break;
            case "bin-only": File.Delete(model); File.WriteAllBytes(Path.Combine(dir, "pytorch_model.bin"), [0x80, 2]); expectFile = dir; break;
            case "optimizer-truncated": { string o = Path.Combine(dir, "optimizer.safetensors"); var b = File.ReadAllBytes(o); File.WriteAllBytes(o, b[..^8]); expectFile = o; break; }
            case "trainer-state-garbage": File.WriteAllText(Path.Combine(dir, "trainer_state.json"), "[["); expectFile = Path.Combine(dir, "trainer_state.json"); break;
        }
        var r = CliRunner.Run("inspect", dir);
        Assert.True(r.ExitCode == 2, r.ToString());
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.ToString());
        Assert.Contains(Path.GetFileName(expectFile), lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
        if (damage == "bin-only") Assert.Contains($"from_pretrained('{Path.GetFullPath(dir)}').save_pretrained('{Path.GetFullPath(dir)}', safe_serialization=True)", lines[0]);
    }

    [Fact]
    public void Inspect_GoodCheckpoint_DescribesIt()
    {
        var r = CliRunner.Run("inspect", source.Dir, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var o = JsonNode.Parse(r.Stdout)!;
        Assert.Equal("gpt2", (string)o["family"]!);
        Assert.Equal(1L, (long)o["step"]!);
        Assert.True((bool)o["optimizer_state"]!);
        Assert.Equal(32, (int)o["vocab_size"]!);
    }

    static void EditJson(string path, Action<JsonObject> edit)
    {
        var o = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(o);
        File.WriteAllText(path, o.ToJsonString());
    }

    /// <summary>Rewrites a safetensors header, keeping the data bytes.</summary>
    static void EditHeader(string path, Func<JsonObject, JsonNode> edit)
    {
        var bytes = File.ReadAllBytes(path);
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, n))!.AsObject();
        var text = Encoding.UTF8.GetBytes(edit(header).ToJsonString());
        var output = new byte[8 + text.Length + bytes.Length - 8 - n];
        BinaryPrimitives.WriteUInt64LittleEndian(output, (ulong)text.Length);
        text.CopyTo(output, 8);
        bytes.AsSpan(8 + n).CopyTo(output.AsSpan(8 + text.Length));
        File.WriteAllBytes(path, output);
    }
}

/// <summary>Bad presets and arguments to `train` exit 2 with one line.</summary>
public class BadTrainInputTests
{
    [Theory]
    [InlineData("""{"layerz": 2}""", "unknown key")]
    [InlineData("""{"channels": 100, "heads": 3}""", "must divide")]
    [InlineData("""{"layers": 0}""", "layers must be positive")]
    [InlineData("""{"batch": "big"}""", "should be an integer")]
    public void Train_BadPreset_ExitsTwo(string preset, string expected)
    {
        string dir = CliRunner.TempDir("bad-preset");
        string path = Path.Combine(dir, "p.json");
        File.WriteAllText(path, preset);
        var r = CliRunner.Run("train", "--preset", path, "--out", Path.Combine(dir, "run"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(expected, r.Stderr);
        Assert.Contains("p.json", r.Stderr);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Train_ResumeWithoutRun_ExitsTwo()
    {
        var r = CliRunner.Run("train", "--out", CliRunner.TempDir("noresume"), "--resume");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no run to resume", r.Stderr);
    }
}

using System.Text.Json.Nodes;
using ModeHop.Models.SafeTensors;
using ModeHop.Tests.Models;

namespace ModeHop.Tests.Cli;

/// <summary>`modehop forward` through the real program, against the PyTorch goldens of the parity fixtures.</summary>
public class ForwardCommandTests
{
    public static TheoryData<string> Fixtures() => new() { "gpt2", "gpt_neox", "llama", "olmo2" };

    /// <summary>The first golden sequence [T] and PyTorch's log-softmax of its logits [T, V], in double precision.</summary>
    static (int[] Tokens, double[][] LogSoftmax) Golden(string fixture)
    {
        using var golden = SafeTensorsFile.Open(Path.Combine(ParityTests.Dir(fixture), "golden.safetensors"));
        int T = golden.Tensors["input_ids"].Shape[1], V = golden.Tensors["logits"].Shape[2];
        var tokens = golden.ReadFloat32("input_ids").Take(T).Select(v => (int)v).ToArray();
        var logits = golden.ReadFloat32("logits");
        var rows = new double[T][];
        for (int t = 0; t < T; t++)
        {
            var row = logits.AsSpan(t * V, V).ToArray().Select(v => (double)v).ToArray();
            double max = row.Max(), lse = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
            rows[t] = row.Select(v => v - lse).ToArray();
        }
        return (tokens, rows);
    }

    static JsonObject RunJson(params string[] args)
    {
        var r = CliRunner.Run(["forward", .. args, "--json"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonNode.Parse(r.Stdout)!.AsObject();
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Forward_ParityFixture_GivesPyTorchsLogSoftmax(string fixture)
    {
        var (tokens, expected) = Golden(fixture);
        var o = RunJson("--model", ParityTests.Dir(fixture), "--tokens", string.Join(',', tokens), "--full");
        Assert.Equal(fixture, (string)o["family"]!);
        Assert.Equal(Path.GetFullPath(ParityTests.Dir(fixture)), (string)o["model"]!);
        Assert.Equal(tokens, o["tokens"]!.AsArray().Select(v => (int)v!));
        var positions = o["positions"]!.AsArray();
        Assert.Equal(tokens.Length, positions.Count);
        for (int t = 0; t < tokens.Length; t++)
        {
            var p = positions[t]!.AsObject();
            Assert.Equal(t, (int)p["position"]!);
            Assert.Equal(tokens[t], (int)p["token"]!);
            var row = p["log_softmax"]!.AsArray().Select(v => (double)v!).ToArray();
            Assert.Equal(expected[t].Length, row.Length);
            for (int j = 0; j < row.Length; j++)
                Assert.True(Math.Abs(row[j] - expected[t][j]) < 1e-4, $"{fixture} position {t}, token {j}: log-softmax {row[j]}, PyTorch {expected[t][j]}");
            Assert.Equal(1.0, row.Sum(Math.Exp), 1e-4);
            int argmax = (int)p["argmax"]!;
            Assert.Equal(row.Max(), row[argmax]);
            Assert.True(expected[t].Max() - expected[t][argmax] < 1e-4, $"{fixture} position {t}: argmax {argmax} is not PyTorch's most likely token");
            if (t + 1 < tokens.Length)
            {
                Assert.Equal(tokens[t + 1], (int)p["next_token"]!);
                Assert.True(Math.Abs((double)p["next_log_prob"]! - expected[t][tokens[t + 1]]) < 1e-4, $"{fixture} position {t}: next_log_prob {p["next_log_prob"]}, PyTorch {expected[t][tokens[t + 1]]}");
            }
            else
            {
                Assert.True(p.ContainsKey("next_token") && p["next_token"] is null, p.ToJsonString());
                Assert.True(p.ContainsKey("next_log_prob") && p["next_log_prob"] is null, p.ToJsonString());
            }
        }
    }

    [Fact]
    public void Forward_WithoutFull_HasNoLogSoftmaxRows()
    {
        var o = RunJson("--model", ParityTests.Dir("olmo2"), "--tokens", "5,6,7");
        Assert.All(o["positions"]!.AsArray(), p => Assert.False(p!.AsObject().ContainsKey("log_softmax")));
        Assert.True((double)o["positions"]![0]!["next_log_prob"]! < 0);
    }

    [Fact]
    public void Forward_Text_PrintsOneRowPerPosition()
    {
        var r = CliRunner.Run("forward", "--model", ParityTests.Dir("llama"), "--tokens", "3, 1,4");
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Contains("(llama), 3 tokens", lines[0]);
        Assert.Contains("log P(next)", lines[1]);
        Assert.Matches(@"^\s+0\s+3\s+1\s+-\d+\.\d{4}\s+\d+$", lines[2]);
        Assert.Matches(@"^\s+2\s+4\s+-\s+-\s+\d+$", lines[4]);
    }

    // The olmo2 fixture has 75 vocabulary entries and reads at most 16 tokens.
    [Theory]
    [InlineData("1,x", "'x' (item 2) is not a token id")]
    [InlineData("1.5", "'1.5' (item 1) is not a token id")]
    [InlineData("", "--tokens is empty")]
    [InlineData("1,,2", "item 2 of \"1,,2\" is empty")]
    [InlineData("3,-1", "-1 (item 2) is negative")]
    [InlineData("0,75", "75 (item 2) is outside the vocabulary")]
    [InlineData("0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", "17 tokens, but")]
    public void Forward_BadTokens_ExitsTwoWithOneLine(string tokens, string expected)
    {
        var r = CliRunner.Run("forward", "--model", ParityTests.Dir("olmo2"), "--tokens", tokens);
        AssertOneLineError(r, expected);
    }

    [Theory]
    [InlineData("missing", "no such checkpoint directory")]
    [InlineData("config-not-json", "not valid JSON")]
    [InlineData("truncated-weights", "model.safetensors")]
    [InlineData("bin-only", "safe_serialization=True")]
    public void Forward_BadModelDirectory_ExitsTwoWithOneLine(string damage, string expected)
    {
        string dir = CheckpointWriter.NewDirWithConfig(ParityTests.Dir("olmo2"), "forward-" + damage);
        string weights = Path.Combine(dir, "model.safetensors");
        File.Copy(Path.Combine(ParityTests.Dir("olmo2"), "model.safetensors"), weights);
        switch (damage)
        {
            case "missing": Directory.Delete(dir, recursive: true); break;
            case "config-not-json": File.WriteAllText(Path.Combine(dir, "config.json"), "{ \"model_type\": "); break;
            case "truncated-weights": File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..^64]); break;
            case "bin-only": File.Delete(weights); File.WriteAllBytes(Path.Combine(dir, "pytorch_model.bin"), [0x80, 0x02]); break;
        }
        var r = CliRunner.Run("forward", "--model", dir, "--tokens", "1,2");
        AssertOneLineError(r, expected);
        Assert.Contains(Path.GetFileName(dir), r.Stderr);
        if (damage == "bin-only") Assert.Contains($"save_pretrained('{dir}'", r.Stderr);
    }

    static void AssertOneLineError(CliRunner.Result r, string expected)
    {
        Assert.True(r.ExitCode == 2, r.ToString());
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.ToString());
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Equal("", r.Stdout);
    }
}

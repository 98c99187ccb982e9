using System.Text.Json.Nodes;
using ModeHop.Models.SafeTensors;
using ModeHop.Tests.Models;

namespace ModeHop.Tests.Cli;

/// <summary>`modehop forward --adapter DIR` through the real program, against the PyTorch LoRA goldens (fixtures/&lt;name&gt;/lora).</summary>
public class ForwardAdapterTests
{
    /// <summary>The first golden sequence's tokens and PyTorch's log-probability of each next token under the adapter.</summary>
    static (int[] Tokens, double[] NextLogProb) Golden(string fixture)
    {
        using var golden = SafeTensorsFile.Open(Path.Combine(ParityTests.Dir(fixture), "lora", "golden.safetensors"));
        int T = golden.Tensors["input_ids"].Shape[1], V = golden.Tensors["logits"].Shape[2];
        var tokens = golden.ReadFloat32("input_ids").Take(T).Select(v => (int)v).ToArray();
        var logits = golden.ReadFloat32("logits");
        var next = new double[T - 1];
        for (int t = 0; t + 1 < T; t++)
        {
            var row = logits.AsSpan(t * V, V).ToArray().Select(v => (double)v).ToArray();
            double max = row.Max(), lse = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
            next[t] = row[tokens[t + 1]] - lse;
        }
        return (tokens, next);
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama")]
    public void Forward_WithAdapter_GivesPyTorchsAdaptedLogProbs(string fixture)
    {
        var (tokens, expected) = Golden(fixture);
        string adapter = Path.Combine(ParityTests.Dir(fixture), "lora");
        var r = CliRunner.Run("forward", "--model", ParityTests.Dir(fixture), "--tokens", string.Join(',', tokens), "--adapter", adapter, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        var o = JsonNode.Parse(r.Stdout)!.AsObject();
        Assert.Equal(Path.GetFullPath(adapter), (string)o["adapter"]!);
        var positions = o["positions"]!.AsArray();
        for (int t = 0; t < expected.Length; t++)
        {
            double actual = (double)positions[t]!["next_log_prob"]!;
            Assert.True(Math.Abs(actual - expected[t]) < 1e-4, $"{fixture} position {t}: next_log_prob {actual} with the adapter, PyTorch {expected[t]}");
        }
    }

    [Theory]
    [InlineData("missing", "no such adapter directory")]
    [InlineData("other-model", "is not the lora_A or lora_B")]
    public void Forward_BadAdapter_ExitsTwoWithOneLine(string damage, string expected)
    {
        // The gpt2 fixture's adapter on the llama model names modules llama does not have.
        string adapter = damage == "missing" ? Path.Combine(CliRunner.TempDir("forward-adapter"), "nowhere") : Path.Combine(ParityTests.Dir("gpt2"), "lora");
        var r = CliRunner.Run("forward", "--model", ParityTests.Dir("llama"), "--tokens", "1,2", "--adapter", adapter);
        Assert.True(r.ExitCode == 2, r.ToString());
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.ToString());
        Assert.Contains(expected, lines[0]);
        Assert.Contains(damage == "missing" ? "nowhere" : "adapter_model.safetensors", lines[0]);
        Assert.Equal("", r.Stdout);
    }
}

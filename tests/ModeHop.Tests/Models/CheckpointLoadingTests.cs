using ModeHop.Models.HuggingFace;
using ModeHop.Models.SafeTensors;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using Xunit.Abstractions;

namespace ModeHop.Tests.Models;

/// <summary>
/// Every family's parity fixture, stored the other ways a Hugging Face checkpoint comes, loaded through
/// <see cref="HfCheckpoint.Load"/> (the path every verb takes): sharded, F16, BF16, with buffers of any dtype.
/// The logits are compared with the fixture's own (loaded as committed) or with a model built from the same
/// rounded weights.
/// </summary>
public class CheckpointLoadingTests(ITestOutputHelper output)
{
    static readonly string[] FamilyFixtures = ["gpt2", "gpt_neox", "llama", "olmo2"];

    public static TheoryData<string> Families() => new(FamilyFixtures);

    public static TheoryData<string, string> FamiliesAndDtypes()
    {
        var data = new TheoryData<string, string>();
        foreach (var family in FamilyFixtures)
            foreach (var dtype in new[] { "F16", "BF16" })
                data.Add(family, dtype);
        return data;
    }

    /// <summary>Logits of the fixture's first golden sequence: [T, V].</summary>
    static float[] Logits(TransformerModel model, string fixture)
    {
        int[] ids;
        using (var golden = SafeTensorsFile.Open(Path.Combine(ParityTests.Dir(fixture), "golden.safetensors")))
        {
            int T = golden.Tensors["input_ids"].Shape[1];
            ids = golden.ReadFloat32("input_ids").Take(T).Select(v => (int)v).ToArray();
        }
        return model.Forward(new Tape { Recording = false }, ids, 1, ids.Length).Data.ToArray();
    }

    static float[] FixtureLogits(string fixture) => Logits(HfCheckpoint.Load(ParityTests.Dir(fixture)), fixture);

    [Theory]
    [MemberData(nameof(Families))]
    public void Load_ShardedCheckpoint_GivesTheSameLogitsAsTheSingleFile(string fixture)
    {
        string fixtureDir = ParityTests.Dir(fixture);
        string dir = CheckpointWriter.NewDirWithConfig(fixtureDir, "sharded-" + fixture);
        var stored = CheckpointWriter.ReadParameters(fixtureDir).Select(t => CheckpointWriter.Round(t, "F32").Stored).ToList();
        CheckpointWriter.WriteSharded(dir, stored, shards: 3);
        Assert.False(File.Exists(Path.Combine(dir, WeightSource.SingleFileName)));

        var model = HfCheckpoint.Load(dir);
        Assert.Equal(3, HfCheckpoint.Verify(dir, model).Files);
        Assert.Equal(FixtureLogits(fixture), Logits(model, fixture));
    }

    [Theory]
    [MemberData(nameof(FamiliesAndDtypes))]
    public void Load_HalfPrecisionWeights_MatchTheModelOfTheRoundedWeightsExactly(string fixture, string dtype)
    {
        string fixtureDir = ParityTests.Dir(fixture);
        string dir = CheckpointWriter.NewDirWithConfig(fixtureDir, $"{dtype}-{fixture}");
        var rounded = CheckpointWriter.ReadParameters(fixtureDir).Select(t => CheckpointWriter.Round(t, dtype)).ToList();
        CheckpointWriter.Write(Path.Combine(dir, WeightSource.SingleFileName), rounded.Select(r => r.Stored));

        var loaded = HfCheckpoint.Load(dir);
        Assert.Equal(new Dictionary<string, long> { [dtype] = rounded.Count }, HfCheckpoint.Verify(dir, loaded).Dtypes);
        var expected = new TransformerModel(loaded.Config);
        WeightMap.For(expected).Load(new MemoryWeightSource(rounded.Select(r => r.Rounded)), "rounded weights");
        var logits = Logits(loaded, fixture);
        Assert.Equal(Logits(expected, fixture), logits);

        // Against full precision the difference is the rounding's alone: relative steps 2^-11 (F16), 2^-8 (BF16).
        var full = FixtureLogits(fixture);
        float worst = ModeHop.Tests.Tensors.TestData.MaxAbsDiff(logits, full);
        float bound = dtype == "F16" ? 0.02f : 0.2f;
        output.WriteLine($"{fixture} {dtype}: logits worst |diff| from the fixture's weights {worst:G3} (bound {bound})");
        Assert.True(worst <= bound, $"{fixture}: {dtype} logits differ from the fixture's by {worst}, more than {dtype} rounding explains ({bound}).");
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Load_BuffersOfAnyDtype_AreSkippedByName(string fixture)
    {
        string fixtureDir = ParityTests.Dir(fixture);
        string dir = CheckpointWriter.NewDirWithConfig(fixtureDir, "buffers-" + fixture);
        var config = HfCheckpoint.ReadConfig(fixtureDir);
        var stored = CheckpointWriter.ReadParameters(fixtureDir).Select(t => CheckpointWriter.Round(t, "F32").Stored).ToList();
        var buffers = Buffers(config);
        Assert.All(buffers, b => Assert.True(WeightMap.IsBuffer(b.Name), b.Name));
        CheckpointWriter.Write(Path.Combine(dir, WeightSource.SingleFileName), stored.Concat(buffers));

        Assert.Equal(FixtureLogits(fixture), Logits(HfCheckpoint.Load(dir), fixture));
    }

    /// <summary>The non-parameter buffers checkpoints of the family carry (older exports for Llama-style models).</summary>
    static List<StoredTensor> Buffers(ModelConfig c)
    {
        int P = c.MaxSeqLen;
        var mask = new float[P * P];
        for (int i = 0; i < P; i++)
            for (int j = 0; j <= i; j++) mask[i * P + j] = 1f;
        byte[] boolMask = mask.Select(v => (byte)v).ToArray();
        var invFreq = CheckpointWriter.Floats(Enumerable.Range(0, Math.Max(1, c.RotaryDims / 2)).Select(j => (float)Math.Pow(c.RopeTheta, -2.0 * j / c.RotaryDims)).ToArray());
        var list = new List<StoredTensor>();
        for (int l = 0; l < c.Layers; l++)
        {
            switch (c.Family)
            {
                case ModelFamily.Gpt2:
                    list.Add(new($"h.{l}.attn.bias", "F32", [1, 1, P, P], CheckpointWriter.Floats(mask)));
                    list.Add(new($"h.{l}.attn.masked_bias", "F32", [], CheckpointWriter.Floats([-1e4f])));
                    break;
                case ModelFamily.GptNeoX:
                    list.Add(new($"gpt_neox.layers.{l}.attention.bias", "BOOL", [1, 1, P, P], boolMask));
                    list.Add(new($"gpt_neox.layers.{l}.attention.masked_bias", "F32", [], CheckpointWriter.Floats([-1e9f])));
                    list.Add(new($"gpt_neox.layers.{l}.attention.rotary_emb.inv_freq", "F32", [invFreq.Length / 4], invFreq));
                    break;
                default:
                    list.Add(new($"model.layers.{l}.self_attn.rotary_emb.inv_freq", "F32", [invFreq.Length / 4], invFreq));
                    break;
            }
        }
        return list;
    }
}

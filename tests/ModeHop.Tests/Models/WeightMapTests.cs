using System.Text.Json.Nodes;
using ModeHop.Models.HuggingFace;
using ModeHop.Models.Transformer;

namespace ModeHop.Tests.Models;

public class WeightMapTests
{
    public static TheoryData<string> Families() => new() { "gpt2", "gpt_neox", "llama", "llama_tied", "olmo2" };

    public static ModelConfig Config(string name) => name switch
    {
        "gpt2" => ModelConfig.Gpt2Shape(2, 16, 4, 40, 12),
        "gpt_neox" => new ModelConfig { Family = ModelFamily.GptNeoX, Layers = 2, Channels = 16, Heads = 2, KvHeads = 2, HeadDim = 8, MlpHidden = 64, VocabSize = 48, MaxSeqLen = 12, RotaryFraction = 0.25f, ParallelResidual = true, TiedEmbeddings = false },
        "llama" => new ModelConfig { Family = ModelFamily.Llama, Layers = 2, Channels = 16, Heads = 4, KvHeads = 2, HeadDim = 4, MlpHidden = 24, VocabSize = 40, MaxSeqLen = 12, RotaryFraction = 1f, TiedEmbeddings = false, Bias = false, NormEps = 1e-6f },
        "olmo2" => new ModelConfig { Family = ModelFamily.Olmo2, Layers = 2, Channels = 16, Heads = 4, KvHeads = 2, HeadDim = 4, MlpHidden = 24, VocabSize = 44, MaxSeqLen = 12, RotaryFraction = 1f, TiedEmbeddings = false, Bias = false, NormEps = 1e-6f, RopeTheta = 500000f },
        _ => new ModelConfig { Family = ModelFamily.Llama, Layers = 1, Channels = 8, Heads = 2, KvHeads = 2, HeadDim = 4, MlpHidden = 12, VocabSize = 20, MaxSeqLen = 8, RotaryFraction = 1f, TiedEmbeddings = true, Bias = false, RopeTheta = 500000f },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void ToHf_ThenLoad_GivesBackTheSameBits(string family)
    {
        var model = new TransformerModel(Config(family));
        model.Initialize(5);
        foreach (var p in model.Parameters)
            for (int i = 0; i < p.Size; i++) p.Data[i] += i * 1e-3f;   // make every element distinct
        var stored = WeightMap.For(model).ToHf(p => p.Data).ToList();
        var copy = new TransformerModel(model.Config);
        WeightMap.For(copy).Load(new MemoryWeightSource(stored), "memory");
        for (int i = 0; i < model.Parameters.Count; i++)
            Assert.Equal(model.Parameters[i].Data.ToArray(), copy.Parameters[i].Data.ToArray());
        Assert.Equal(model.Config.ParameterCount(), stored.Sum(t => (long)t.Data.Length));
    }

    [Fact]
    public void Gpt2_Conv1D_IsStoredTransposed()
    {
        var model = new TransformerModel(Config("gpt2"));
        model.Initialize(1);
        var qkv = model.Blocks[0].QkvWeight;                   // [3C, C]
        var stored = WeightMap.For(model).ToHf(p => p.Data).Single(t => t.Name == "h.0.attn.c_attn.weight");
        Assert.Equal([16, 48], stored.Shape);                   // [C, 3C]
        Assert.Equal(qkv.Data[5 * 16 + 3], stored.Data[3 * 48 + 5]);
    }

    [Fact]
    public void NeoX_Qkv_IsInterleavedPerHead()
    {
        var model = new TransformerModel(Config("gpt_neox"));
        var bias = model.Blocks[0].QkvBias!;                    // internal rows [Q h0 h1 | K h0 h1 | V h0 h1], D = 8
        for (int i = 0; i < bias.Size; i++) bias.Data[i] = i;
        var stored = WeightMap.For(model).ToHf(p => p.Data).Single(t => t.Name == "gpt_neox.layers.0.attention.query_key_value.bias");
        // Stored per head: [q h0, k h0, v h0, q h1, k h1, v h1]; K of head 0 is internal row 16.
        Assert.Equal(16f, stored.Data[8]);
        Assert.Equal(8f, stored.Data[24]);                      // Q of head 1
        Assert.Equal(40f, stored.Data[40]);                     // V of head 1
    }

    [Fact]
    public void Olmo2_Names_ArePostNormsAndWholeProjectionQkNorms()
    {
        var model = new TransformerModel(Config("olmo2"));            // H = 4, KVH = 2, D = 4, C = 16
        var stored = WeightMap.For(model).ToHf(p => p.Data).ToDictionary(t => t.Name, t => t.Shape);
        Assert.Equal([16], stored["model.layers.0.self_attn.q_norm.weight"]);
        Assert.Equal([8], stored["model.layers.0.self_attn.k_norm.weight"]);
        Assert.Equal([16], stored["model.layers.1.post_attention_layernorm.weight"]);
        Assert.Equal([16], stored["model.layers.1.post_feedforward_layernorm.weight"]);
        Assert.DoesNotContain(stored.Keys, n => n.Contains("input_layernorm"));
        Assert.Same(model.Blocks[0].Norm1Weight, WeightMap.For(model).Mappings.Single(m => m.HfNames.Contains("model.layers.0.post_attention_layernorm.weight")).Target);
    }

    [Fact]
    public void Olmo2_Initialize_SetsQkNormWeightsToOne()
    {
        var model = new TransformerModel(Config("olmo2"));
        model.Initialize(3);
        Assert.All(model.Blocks, b => Assert.All(b.QNormWeight!.Data.ToArray().Concat(b.KNormWeight!.Data.ToArray()), v => Assert.Equal(1f, v)));
    }

    [Fact]
    public void HfConfig_Olmo2WithoutOptionalKeys_TakesOlmo2ConfigDefaults()
    {
        var json = JsonNode.Parse("""
            {"model_type": "olmo2", "hidden_size": 16, "num_attention_heads": 4, "num_hidden_layers": 1,
             "intermediate_size": 24, "max_position_embeddings": 8, "vocab_size": 10}
            """)!.AsObject();
        var config = HfConfig.Parse(json, "config.json");
        Assert.Equal(ModelFamily.Olmo2, config.Family);
        Assert.Equal(1e-5f, config.NormEps);     // Olmo2Config's rms_norm_eps default (LlamaConfig's is 1e-6)
        Assert.Equal(4, config.KvHeads);
        Assert.Equal(4, config.HeadDim);
        Assert.Equal(10000f, config.RopeTheta);
        Assert.False(config.TiedEmbeddings);
        Assert.False(HfConfig.ToJson(config).ContainsKey("head_dim"));   // Olmo2Config has no head_dim key
    }

    [Fact]
    public void HfConfig_Olmo2Fixture_ReadsEveryKey()
    {
        var config = HfConfig.Read(Path.Combine(ParityTests.Dir("olmo2"), "config.json"));
        Assert.Equal(new ModelConfig
        {
            Family = ModelFamily.Olmo2, VocabSize = 75, Channels = 32, Layers = 2, Heads = 4, KvHeads = 2, HeadDim = 8, MlpHidden = 64,
            MaxSeqLen = 16, NormEps = 1e-6f, RotaryFraction = 1f, RopeTheta = 500000f, TiedEmbeddings = false, Bias = false,
        }, config);
        Assert.True(config.PostNorm && config.QkNorm && config.UsesRmsNorm && config.UsesSwiGlu);
    }

    [Fact]
    public void Load_WrongShape_NamesTheTensor()
    {
        var model = new TransformerModel(Config("gpt2"));
        var stored = WeightMap.For(model).ToHf(p => p.Data).Select(t => t.Name == "ln_f.weight" ? t with { Shape = [15], Data = new float[15] } : t);
        var e = Assert.Throws<InvalidDataException>(() => WeightMap.For(model).Load(new MemoryWeightSource(stored), "memory"));
        Assert.Contains("ln_f.weight", e.Message);
        Assert.Contains("config.json", e.Message);
    }

    [Fact]
    public void Load_MissingAndUnexpectedTensors_AreErrors()
    {
        var model = new TransformerModel(Config("gpt2"));
        var stored = WeightMap.For(model).ToHf(p => p.Data).ToList();
        var missing = stored.Where(t => t.Name != "wpe.weight");
        Assert.Contains("missing tensor 'wpe.weight'", Assert.Throws<InvalidDataException>(() => WeightMap.For(model).Load(new MemoryWeightSource(missing), "memory")).Message);
        var extra = stored.Append(new HfTensor("h.0.mystery", [1], [0f]));
        Assert.Contains("unexpected tensor 'h.0.mystery'", Assert.Throws<InvalidDataException>(() => WeightMap.For(model).Load(new MemoryWeightSource(extra), "memory")).Message);
    }

    [Fact]
    public void Load_BuffersAndTransformerPrefix_AreAccepted()
    {
        var model = new TransformerModel(Config("gpt2"));
        model.Initialize(2);
        var stored = WeightMap.For(model).ToHf(p => p.Data)
            .Select(t => t with { Name = "transformer." + t.Name })
            .Append(new HfTensor("transformer.h.0.attn.bias", [1, 1, 12, 12], new float[144]))
            .Append(new HfTensor("transformer.h.0.attn.masked_bias", [], [-1e4f]));
        var copy = new TransformerModel(model.Config);
        WeightMap.For(copy).Load(new MemoryWeightSource(stored), "memory");
        Assert.Equal(model.TokenEmbedding.Data.ToArray(), copy.TokenEmbedding.Data.ToArray());
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void HfConfig_ToJsonThenParse_RoundTrips(string family)
    {
        var config = Config(family);
        var json = JsonNode.Parse(HfConfig.ToJson(config).ToJsonString())!.AsObject();
        Assert.Equal(config, HfConfig.Parse(json, "config.json"));
    }

    [Theory]
    [InlineData("""{"model_type": "bert"}""", "model_type 'bert' is not supported")]
    [InlineData("""{"model_type": "gpt2", "n_embd": 16}""", "missing key")]
    [InlineData("""{"model_type": "gpt2", "n_embd": "16", "n_head": 4, "n_layer": 1, "vocab_size": 10, "n_positions": 8}""", "'n_embd' should be an integer")]
    [InlineData("""{"model_type": "gpt2", "n_embd": 16, "n_head": 3, "n_layer": 1, "vocab_size": 10, "n_positions": 8}""", "must divide")]
    [InlineData("""{"model_type": "gpt2", "n_embd": 16, "n_head": 4, "n_layer": 0, "vocab_size": 10, "n_positions": 8}""", "layers must be positive")]
    [InlineData("""{"model_type": "olmo2", "hidden_size": 16, "num_attention_heads": 4, "num_hidden_layers": 1, "intermediate_size": 24, "max_position_embeddings": 8, "vocab_size": 10, "attention_bias": true}""", "olmo2 with attention_bias")]
    [InlineData("""{"model_type": "olmo2", "hidden_size": 16, "num_attention_heads": 4, "num_hidden_layers": 1, "intermediate_size": 24, "max_position_embeddings": 8, "vocab_size": 10, "hidden_act": "gelu"}""", "hidden_act 'gelu' is not supported for olmo2")]
    [InlineData("""{"model_type": "olmo2", "hidden_size": 16, "num_attention_heads": 4, "num_hidden_layers": 1, "intermediate_size": 24, "max_position_embeddings": 8, "vocab_size": 10, "rope_scaling": {"rope_type": "linear", "factor": 2.0}}""", "rope_scaling is not supported")]
    [InlineData("""{"model_type": "olmo2", "hidden_size": 16, "num_attention_heads": 4, "num_hidden_layers": 1, "intermediate_size": 24, "max_position_embeddings": 8, "vocab_size": 10, "rope_parameters": {"rope_type": "yarn", "rope_theta": 10000}}""", "rope_type 'yarn' is not supported")]
    [InlineData("""{"model_type": "olmo2", "hidden_size": 16, "num_attention_heads": 4, "num_key_value_heads": 3, "num_hidden_layers": 1, "intermediate_size": 24, "max_position_embeddings": 8, "vocab_size": 10}""", "must divide heads")]
    [InlineData("""{"model_type": "olmo", "hidden_size": 16}""", "ModeHop reads gpt2, gpt_neox, llama, olmo2")]
    public void HfConfig_BadConfig_ThrowsInvalidData(string json, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => HfConfig.Parse(JsonNode.Parse(json)!.AsObject(), "dir/config.json"));
        Assert.Contains("dir/config.json", e.Message);
        Assert.Contains(expected, e.Message);
    }
}

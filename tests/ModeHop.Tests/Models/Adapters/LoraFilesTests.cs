using System.Text.Json.Nodes;
using ModeHop.Models.Adapters;
using ModeHop.Models.SafeTensors;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Tests.Cli;

namespace ModeHop.Tests.Models.Adapters;

public class LoraFilesTests
{
    static float[] Logits(TransformerModel model)
    {
        int V = model.Config.VocabSize;
        var ids = Enumerable.Range(0, 12).Select(i => (i * 5 + 1) % V).ToArray();
        return model.Forward(new Tape { Recording = false }, ids, 2, 6).Data.ToArray();
    }

    /// <summary>
    /// Save then load gives back the same bits, so the same logits; the files are PEFT's: adapter_config.json's fields
    /// and the tensor names of the family's CausalLM modules, no temporary directory left behind.
    /// </summary>
    [Theory]
    [MemberData(nameof(LoraAdaptersTests.Families), MemberType = typeof(LoraAdaptersTests))]
    public void SaveThenLoad_GivesIdenticalLogits(string family)
    {
        var model = TransformerInferenceTests.RandomModel(family);
        var saved = LoraAdaptersTests.NonzeroAdapters(model, rank: 3, seed: 11);
        model.Adapters = saved;
        var expected = Logits(model);
        string root = CliRunner.TempDir("lora-save");
        string dir = Path.Combine(root, "adapter");
        LoraFiles.Save(dir, model, saved);
        LoraFiles.Save(dir, model, saved); // over an existing adapter
        Assert.Equal([dir], Directory.GetDirectories(root));

        model.Adapters = null;
        var loaded = LoraFiles.Load(dir, model);
        model.Adapters = loaded;
        Assert.Equal(expected, Logits(model));
        Assert.Equal(3, loaded.Rank);
        Assert.Equal(6f, loaded.Alpha);

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, LoraFiles.ConfigFile)))!.AsObject();
        Assert.Equal("LORA", (string)config["peft_type"]!);
        Assert.Equal("CAUSAL_LM", (string)config["task_type"]!);
        Assert.Equal(3, (int)config["r"]!);
        Assert.Equal(6, (int)config["lora_alpha"]!);
        string[] leaves = family switch { "gpt2" => ["c_proj"], "gpt_neox" => ["dense", "dense_4h_to_h"], _ => ["down_proj", "o_proj"] };
        Assert.Equal(leaves, config["target_modules"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(family == "gpt2", (bool)config["fan_in_fan_out"]!);
        using var file = SafeTensorsFile.Open(Path.Combine(dir, LoraFiles.WeightsFile));
        string module = family switch
        {
            "gpt2" => "transformer.h.1.mlp.c_proj",
            "gpt_neox" => "gpt_neox.layers.1.mlp.dense_4h_to_h",
            _ => "model.layers.1.mlp.down_proj",
        };
        Assert.Equal([3, model.Config.MlpHidden], file.Tensors[$"base_model.model.{module}.lora_A.weight"].Shape);
        Assert.Equal([model.Config.Channels, 3], file.Tensors[$"base_model.model.{module}.lora_B.weight"].Shape);
        Assert.Equal(4 * model.Config.Layers, file.Tensors.Count);
        Directory.Delete(root, recursive: true);
    }

    public static TheoryData<string> BadCases() => new()
    {
        "no directory", "a file", "no config", "bad json", "not lora", "rslora", "no weights", "bin only", "wrong r", "other shape", "unknown module", "missing module",
    };

    /// <summary>Every broken adapter directory is one line naming the file, the problem and the fix, of the CLI's bad-input kinds.</summary>
    [Theory]
    [MemberData(nameof(BadCases))]
    public void Load_BadAdapter_ThrowsOneLineNamingTheFile(string problem)
    {
        var model = TransformerInferenceTests.RandomModel("gpt_neox");
        string root = CliRunner.TempDir("lora-bad");
        string dir = Path.Combine(root, "adapter");
        LoraFiles.Save(dir, model, LoraAdaptersTests.NonzeroAdapters(model, 2, 1));
        string config = Path.Combine(dir, LoraFiles.ConfigFile), weights = Path.Combine(dir, LoraFiles.WeightsFile);
        void EditConfig(Action<JsonObject> edit)
        {
            var o = JsonNode.Parse(File.ReadAllText(config))!.AsObject();
            edit(o);
            File.WriteAllText(config, o.ToJsonString());
        }
        void RewriteWeights(Func<IEnumerable<(string Name, int[] Shape, float[] Data)>, IEnumerable<(string, int[], float[])>> edit)
        {
            List<(string, int[], float[])> tensors;
            using (var file = SafeTensorsFile.Open(weights))
                tensors = file.Tensors.Keys.Select(n => (n, file.Tensors[n].Shape, file.ReadFloat32(n))).ToList();
            SafeTensorsWriter.Write(weights, edit(tensors).ToList());
        }
        (string Path, string Says) expected = problem switch
        {
            "no directory" => (Path.Combine(root, "nowhere"), "no such adapter directory"),
            "a file" => (config, "is a file"),
            "no config" => (config, "no adapter_config.json"),
            "bad json" => (config, "not valid JSON"),
            "not lora" => (config, "LORA adapters only"),
            "rslora" => (config, "use_rslora"),
            "no weights" or "bin only" => (weights, problem == "bin only" ? "never unpickles" : "no adapter_model.safetensors"),
            "wrong r" => (weights, "has rank 2 but adapter_config.json says r = 4"),
            "other shape" => (weights, "the adapter belongs to another model"),
            "unknown module" => (weights, "query_key_value.lora_A.weight"),
            _ => (weights, "missing tensor 'base_model.model.gpt_neox.layers.1.mlp.dense_4h_to_h.lora_B.weight'"),
        };
        string target = dir;
        switch (problem)
        {
            case "no directory": target = expected.Path; break;
            case "a file": target = config; break;
            case "no config": File.Delete(config); break;
            case "bad json": File.WriteAllText(config, "{\"peft_type\": \"LORA\", "); break;
            case "not lora": EditConfig(o => o["peft_type"] = "IA3"); break;
            case "rslora": EditConfig(o => o["use_rslora"] = true); break;
            case "no weights": File.Delete(weights); break;
            case "bin only": File.Move(weights, Path.Combine(dir, "adapter_model.bin")); break;
            case "wrong r": EditConfig(o => o["r"] = 4); break;
            case "other shape":
                LoraFiles.Save(dir, new TransformerModel(model.Config with { MlpHidden = 32 }), LoraAdapters.Create(new TransformerModel(model.Config with { MlpHidden = 32 }), 2, 1));
                break;
            case "unknown module":
                RewriteWeights(t => t.Append(("base_model.model.gpt_neox.layers.0.attention.query_key_value.lora_A.weight", [2, 16], new float[32])));
                break;
            default:
                RewriteWeights(t => t.Where(x => !x.Name.EndsWith("layers.1.mlp.dense_4h_to_h.lora_B.weight")));
                break;
        }
        var e = Assert.ThrowsAny<Exception>(() => LoraFiles.Load(target, model));
        Assert.True(ModeHop.Cli.CliErrors.IsBadInput(e), $"{problem}: {e.GetType().Name} is not a bad-input exception: {e.Message}");
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith(problem == "a file" ? config : expected.Path, e.Message);
        Assert.Contains(expected.Says, e.Message);
        Directory.Delete(root, recursive: true);
    }
}

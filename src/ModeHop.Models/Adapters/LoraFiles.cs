using System.Text.Json;
using System.Text.Json.Nodes;
using ModeHop.Models.SafeTensors;
using ModeHop.Models.Transformer;

namespace ModeHop.Models.Adapters;

/// <summary>
/// Saves and loads <see cref="LoraAdapters"/> in PEFT's layout, a directory of two files:
/// <list type="bullet">
/// <item><c>adapter_config.json</c>: <c>{"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": r, "lora_alpha": alpha,
/// "target_modules": [leaf names], "lora_dropout": 0.0, "bias": "none", "fan_in_fan_out": false (true for GPT-2's Conv1D),
/// "use_rslora": false, ...}</c> — only keys PEFT's LoraConfig knows, so PEFT reads the directory as it is;</item>
/// <item><c>adapter_model.safetensors</c>: F32 <c>base_model.model.&lt;module&gt;.lora_A.weight</c> [r, in] and
/// <c>.lora_B.weight</c> [out, r] for every block's two targets (<see cref="LoraModules"/>), metadata
/// <c>{"format": "pt"}</c>.</item>
/// </list>
/// A save writes both files into a temporary directory beside the destination and renames it into place, so a reader
/// sees the old adapter or the complete new one. A load checks the directory against the model and throws one-line
/// <see cref="InvalidDataException"/>, <see cref="FileNotFoundException"/> or <see cref="DirectoryNotFoundException"/>
/// messages naming the file, the problem and the fix.
/// </summary>
public static class LoraFiles
{
    public const string ConfigFile = "adapter_config.json";
    public const string WeightsFile = "adapter_model.safetensors";

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="adapters"/> (fitted to <paramref name="model"/>) into directory <paramref name="directory"/>, replacing what is there.</summary>
    public static void Save(string directory, TransformerModel model, LoraAdapters adapters)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(adapters);
        adapters.CheckFits(model);
        var modules = LoraModules.For(model);
        string final = Path.GetFullPath(directory);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        string temp = AtomicFiles.TempDirectoryFor(final);
        try
        {
            AtomicFiles.WriteText(Path.Combine(temp, ConfigFile), ConfigJson(adapters, modules).ToJsonString(Indented) + "\n");
            var tensors = new List<(string, int[], ReadOnlyMemory<float>)>();
            foreach (var (l, target, pair) in adapters.Pairs)
            {
                tensors.Add((modules.TensorName(l, target, a: true), pair.A.Shape, pair.A.Data));
                tensors.Add((modules.TensorName(l, target, a: false), pair.B.Shape, pair.B.Data));
            }
            SafeTensorsWriter.Write(Path.Combine(temp, WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
            AtomicFiles.ReplaceDirectory(temp, final);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>adapter_config.json's content: PEFT's LoraConfig fields for these adapters.</summary>
    public static JsonObject ConfigJson(LoraAdapters adapters, LoraModules modules)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        ArgumentNullException.ThrowIfNull(modules);
        return new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "CAUSAL_LM",
            ["base_model_name_or_path"] = null,
            ["r"] = adapters.Rank,
            ["lora_alpha"] = adapters.Alpha == MathF.Round(adapters.Alpha) ? JsonValue.Create((int)adapters.Alpha) : JsonValue.Create((double)adapters.Alpha),
            ["target_modules"] = new JsonArray(modules.LeafNames.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
            ["lora_dropout"] = 0.0,
            ["bias"] = "none",
            ["fan_in_fan_out"] = modules.FanInFanOut,
            ["use_rslora"] = false,
            ["init_lora_weights"] = true,
            ["inference_mode"] = true,
            ["modules_to_save"] = null,
            ["layers_to_transform"] = null,
        };
    }

    /// <summary>Reads the adapter directory <paramref name="directory"/> for <paramref name="model"/> (which it does not attach).</summary>
    public static LoraAdapters Load(string directory, TransformerModel model)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(model);
        string dir = Path.GetFullPath(directory);
        if (File.Exists(dir))
            throw new DirectoryNotFoundException($"{dir}: is a file; pass the adapter directory holding {ConfigFile} and {WeightsFile}.");
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"{dir}: no such adapter directory; pass a directory holding {ConfigFile} and {WeightsFile} (as ModeHop and PEFT save them).");
        var (rank, alpha) = ReadConfig(Path.Combine(dir, ConfigFile));

        string weights = Path.Combine(dir, WeightsFile);
        if (!File.Exists(weights))
        {
            string advice = File.Exists(Path.Combine(dir, "adapter_model.bin"))
                ? "the directory has only adapter_model.bin, which ModeHop never unpickles; re-save the adapter with safe_serialization=True"
                : $"the adapter directory is incomplete; save the adapter again";
            throw new FileNotFoundException($"{weights}: no {WeightsFile}; {advice}.", weights);
        }
        var adapters = new LoraAdapters(model.Config, rank, alpha);
        var modules = LoraModules.For(model);
        using var file = SafeTensorsFile.Open(weights);
        var expected = new Dictionary<string, (Tensors.Tensor Into, bool A, int Layer, LoraTarget Target)>(StringComparer.Ordinal);
        foreach (var (l, target, pair) in adapters.Pairs)
        {
            expected[modules.TensorName(l, target, a: true)] = (pair.A, true, l, target);
            expected[modules.TensorName(l, target, a: false)] = (pair.B, false, l, target);
        }
        // GPT-2 adapters may name the blocks without GPT2LMHeadModel's "transformer." (as GPT-2's own weight files do).
        string Canonical(string name) =>
            modules.Family == ModelFamily.Gpt2 && name.StartsWith(LoraModules.PeftPrefix, StringComparison.Ordinal)
            && !name.StartsWith(LoraModules.PeftPrefix + LoraModules.Gpt2Prefix, StringComparison.Ordinal)
                ? LoraModules.PeftPrefix + LoraModules.Gpt2Prefix + name[LoraModules.PeftPrefix.Length..]
                : name;
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        string family = HuggingFace.HfConfig.ModelType(modules.Family);
        foreach (var name in file.Tensors.Keys.Order(StringComparer.Ordinal))
        {
            string canonical = Canonical(name);
            if (!expected.ContainsKey(canonical))
                throw new InvalidDataException($"{weights}: tensor '{name}' is not the lora_A or lora_B of a {family} attention-output or MLP-output projection of this model (expected names like '{modules.TensorName(0, LoraTarget.AttentionOutput, a: true)}'); the adapter belongs to another model or targets other modules, which ModeHop does not apply.");
            if (!stored.TryAdd(canonical, name))
                throw new InvalidDataException($"{weights}: tensors '{stored[canonical]}' and '{name}' are the same adapter weight; keep one of them.");
        }
        foreach (var (name, (into, isA, layer, target)) in expected)
        {
            if (!stored.TryGetValue(name, out var storedName))
                throw new InvalidDataException($"{weights}: missing tensor '{name}'; ModeHop adapters cover both target projections of every block ({string.Join(", ", modules.LeafNames)}), so re-save an adapter trained on all of them.");
            var shape = file.GetInfo(storedName).Shape;
            var pair = adapters[layer, target];
            string module = modules.Path(layer, target);
            if (shape.Length != 2)
                throw new InvalidDataException($"{weights}: tensor '{storedName}' has shape [{string.Join(",", shape)}]; a LoRA weight is 2-D, re-save the adapter.");
            int storedRank = isA ? shape[0] : shape[1], width = isA ? shape[1] : shape[0];
            if (storedRank != rank)
                throw new InvalidDataException($"{weights}: tensor '{storedName}' has rank {storedRank} but {ConfigFile} says r = {rank}; the two files do not belong together, re-save the adapter.");
            int modelWidth = isA ? pair.Inputs : pair.Outputs;
            if (width != modelWidth)
                throw new InvalidDataException($"{weights}: tensor '{storedName}' has shape [{string.Join(",", shape)}], but this model's {module} has {modelWidth} {(isA ? "inputs" : "outputs")} (expected [{string.Join(",", into.Shape)}]); the adapter belongs to another model.");
            file.ReadFloat32(storedName, into.Data);
        }
        return adapters;
    }

    /// <summary>r and lora_alpha from adapter_config.json, after checking that ModeHop applies the adapter as PEFT would.</summary>
    static (int Rank, float Alpha) ReadConfig(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no {ConfigFile}; the adapter directory is incomplete, save the adapter again.", path);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidDataException($"{path}: expected a JSON object; re-save the adapter.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message.ReplaceLineEndings(" ")}); re-save the adapter.");
        }
        string? Text(string key) => root[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        bool IsTrue(string key) => root[key] is JsonValue v && v.TryGetValue(out bool b) && b;
        bool IsNonEmpty(string key) => root[key] is JsonObject o ? o.Count > 0 : root[key] is JsonArray a && a.Count > 0;

        string? type = Text("peft_type");
        if (type != "LORA")
            throw new InvalidDataException($"{path}: peft_type is {(type is null ? "missing" : $"'{type}'")}; ModeHop loads LORA adapters only.");
        if (root["r"] is not JsonValue rv || !rv.TryGetValue(out int rank) || rank < 1)
            throw new InvalidDataException($"{path}: 'r' must be an integer of at least 1, got {root["r"]?.ToJsonString() ?? "nothing"}; fix the adapter's config.");
        if (root["lora_alpha"] is not JsonValue av || !av.TryGetValue(out double alpha) || !(alpha > 0) || double.IsInfinity(alpha))
            throw new InvalidDataException($"{path}: 'lora_alpha' must be a positive number, got {root["lora_alpha"]?.ToJsonString() ?? "nothing"}; fix the adapter's config.");
        if (IsTrue("use_rslora") || IsTrue("use_dora"))
            throw new InvalidDataException($"{path}: {(IsTrue("use_dora") ? "use_dora" : "use_rslora")} is true; ModeHop applies plain LoRA (scale lora_alpha / r) only.");
        if (IsNonEmpty("rank_pattern") || IsNonEmpty("alpha_pattern"))
            throw new InvalidDataException($"{path}: rank_pattern or alpha_pattern is set; ModeHop applies one rank and one alpha to every module, so remove them.");
        if (Text("bias") is { } bias && bias != "none")
            throw new InvalidDataException($"{path}: bias is '{bias}'; ModeHop adapters train no biases, so use bias \"none\".");
        if (IsNonEmpty("modules_to_save"))
            throw new InvalidDataException($"{path}: modules_to_save is set; ModeHop loads the low-rank weights only, so remove it.");
        return (rank, (float)alpha);
    }
}

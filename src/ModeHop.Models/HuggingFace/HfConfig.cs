using System.Text.Json;
using System.Text.Json.Nodes;
using ModeHop.Models.Transformer;

namespace ModeHop.Models.HuggingFace;

/// <summary>
/// Reads and writes <c>config.json</c> in the Hugging Face layout of each family
/// (model_type gpt2, gpt_neox, llama, olmo2). Unknown model types and missing or ill-typed keys are
/// <see cref="InvalidDataException"/>s that name the file.
/// </summary>
public static class HfConfig
{
    /// <summary>The Hugging Face <c>model_type</c> of a family.</summary>
    public static string ModelType(ModelFamily family) => family switch
    {
        ModelFamily.Gpt2 => "gpt2",
        ModelFamily.GptNeoX => "gpt_neox",
        ModelFamily.Llama => "llama",
        ModelFamily.Olmo2 => "olmo2",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Not a model family."),
    };

    /// <summary>The <c>model_type</c> of every family ModeHop reads, in <see cref="ModelFamily"/> order.</summary>
    public static IReadOnlyList<string> ModelTypes { get; } = Enum.GetValues<ModelFamily>().Select(ModelType).ToArray();

    /// <summary>The family of a Hugging Face <c>model_type</c>, or null when ModeHop does not read it.</summary>
    public static ModelFamily? FamilyOf(string modelType)
    {
        foreach (var family in Enum.GetValues<ModelFamily>())
            if (ModelType(family) == modelType) return family;
        return null;
    }

    public static ModelConfig Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no config.json; a checkpoint directory needs config.json, model.safetensors and, for training, optimizer.safetensors.", path);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidDataException($"{path}: expected a JSON object; re-save the checkpoint's config.json.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}); re-save the checkpoint's config.json.");
        }
        return Parse(root, path);
    }

    public static ModelConfig Parse(JsonObject root, string path)
    {
        var r = new Reader(root, path);
        string type = r.String("model_type");
        var config = FamilyOf(type) switch
        {
            ModelFamily.Gpt2 => ReadGpt2(r),
            ModelFamily.GptNeoX => ReadNeoX(r),
            { } family => ReadLlamaStyle(r, family),
            null => throw new InvalidDataException($"{path}: model_type '{type}' is not supported; ModeHop reads {string.Join(", ", ModelTypes)}."),
        };
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }
        return config;
    }

    static ModelConfig ReadGpt2(Reader r)
    {
        int c = r.Int("n_embd"), h = r.Int("n_head");
        string act = r.OptionalString("activation_function") ?? "gelu_new";
        if (act is not ("gelu_new" or "gelu_pytorch_tanh"))
            throw new InvalidDataException($"{r.Path}: activation_function '{act}' is not supported for gpt2; expected gelu_new.");
        int? inner = r.OptionalInt("n_inner");
        return new ModelConfig
        {
            Family = ModelFamily.Gpt2,
            VocabSize = r.Int("vocab_size"),
            Channels = c,
            Layers = r.Int("n_layer"),
            Heads = h,
            KvHeads = h,
            HeadDim = h > 0 ? c / h : 0,
            MlpHidden = inner ?? 4 * c,
            MaxSeqLen = r.Int("n_positions"),
            NormEps = r.OptionalFloat("layer_norm_epsilon") ?? 1e-5f,
            TiedEmbeddings = r.OptionalBool("tie_word_embeddings") ?? true,
            Bias = true,
        };
    }

    static ModelConfig ReadNeoX(Reader r)
    {
        int c = r.Int("hidden_size"), h = r.Int("num_attention_heads");
        string act = r.OptionalString("hidden_act") ?? "gelu";
        if (act != "gelu")
            throw new InvalidDataException($"{r.Path}: hidden_act '{act}' is not supported for gpt_neox; expected gelu.");
        bool attentionBias = r.OptionalBool("attention_bias") ?? true;
        if (!attentionBias)
            throw new InvalidDataException($"{r.Path}: attention_bias false is not supported for gpt_neox.");
        return new ModelConfig
        {
            Family = ModelFamily.GptNeoX,
            VocabSize = r.Int("vocab_size"),
            Channels = c,
            Layers = r.Int("num_hidden_layers"),
            Heads = h,
            KvHeads = h,
            HeadDim = h > 0 ? c / h : 0,
            MlpHidden = r.Int("intermediate_size"),
            MaxSeqLen = r.Int("max_position_embeddings"),
            NormEps = r.OptionalFloat("layer_norm_eps") ?? 1e-5f,
            RotaryFraction = r.OptionalFloat("rotary_pct") ?? r.NestedFloat("rope_parameters", "partial_rotary_factor") ?? 1f,
            RopeTheta = r.OptionalFloat("rotary_emb_base") ?? r.NestedFloat("rope_parameters", "rope_theta") ?? 10000f,
            ParallelResidual = r.OptionalBool("use_parallel_residual") ?? true,
            TiedEmbeddings = r.OptionalBool("tie_word_embeddings") ?? false,
            Bias = true,
        };
    }

    /// <summary>
    /// Llama and OLMo 2 share their keys. OLMo 2's RMSNorm eps defaults to 1e-5 (Olmo2Config), Llama's to 1e-6
    /// (LlamaConfig); Olmo2Config has no head_dim key, but Olmo2Attention reads one when present.
    /// </summary>
    static ModelConfig ReadLlamaStyle(Reader r, ModelFamily family)
    {
        string type = ModelType(family);
        int c = r.Int("hidden_size"), h = r.Int("num_attention_heads");
        string act = r.OptionalString("hidden_act") ?? "silu";
        if (act != "silu")
            throw new InvalidDataException($"{r.Path}: hidden_act '{act}' is not supported for {type}; expected silu.");
        if (r.OptionalBool("attention_bias") == true || r.OptionalBool("mlp_bias") == true)
            throw new InvalidDataException($"{r.Path}: {type} with attention_bias or mlp_bias is not supported.");
        if (r.Has("rope_scaling") && r.IsNonNull("rope_scaling"))
            throw new InvalidDataException($"{r.Path}: rope_scaling is not supported yet; use a checkpoint without it.");
        if (r.NestedString("rope_parameters", "rope_type") is { } ropeType && ropeType != "default")
            throw new InvalidDataException($"{r.Path}: rope_parameters.rope_type '{ropeType}' is not supported yet; ModeHop applies the default rotary embedding only.");
        return new ModelConfig
        {
            Family = family,
            VocabSize = r.Int("vocab_size"),
            Channels = c,
            Layers = r.Int("num_hidden_layers"),
            Heads = h,
            KvHeads = r.OptionalInt("num_key_value_heads") ?? h,
            HeadDim = r.OptionalInt("head_dim") ?? (h > 0 ? c / h : 0),
            MlpHidden = r.Int("intermediate_size"),
            MaxSeqLen = r.Int("max_position_embeddings"),
            NormEps = r.OptionalFloat("rms_norm_eps") ?? (family == ModelFamily.Olmo2 ? 1e-5f : 1e-6f),
            RotaryFraction = 1f,
            RopeTheta = r.OptionalFloat("rope_theta") ?? r.NestedFloat("rope_parameters", "rope_theta") ?? 10000f,
            TiedEmbeddings = r.OptionalBool("tie_word_embeddings") ?? false,
            Bias = false,
        };
    }

    /// <summary>The Hugging Face config.json for <paramref name="config"/> (fp32 weights).</summary>
    public static JsonObject ToJson(ModelConfig config)
    {
        var c = config;
        return c.Family switch
        {
            ModelFamily.Gpt2 => new JsonObject
            {
                ["architectures"] = new JsonArray("GPT2LMHeadModel"),
                ["model_type"] = "gpt2",
                ["vocab_size"] = c.VocabSize,
                ["n_positions"] = c.MaxSeqLen,
                ["n_ctx"] = c.MaxSeqLen,
                ["n_embd"] = c.Channels,
                ["n_layer"] = c.Layers,
                ["n_head"] = c.Heads,
                ["n_inner"] = c.MlpHidden == 4 * c.Channels ? null : c.MlpHidden,
                ["activation_function"] = "gelu_new",
                ["layer_norm_epsilon"] = c.NormEps,
                ["tie_word_embeddings"] = c.TiedEmbeddings,
                ["torch_dtype"] = "float32",
            },
            ModelFamily.GptNeoX => new JsonObject
            {
                ["architectures"] = new JsonArray("GPTNeoXForCausalLM"),
                ["model_type"] = "gpt_neox",
                ["vocab_size"] = c.VocabSize,
                ["hidden_size"] = c.Channels,
                ["num_hidden_layers"] = c.Layers,
                ["num_attention_heads"] = c.Heads,
                ["intermediate_size"] = c.MlpHidden,
                ["max_position_embeddings"] = c.MaxSeqLen,
                ["rotary_pct"] = c.RotaryFraction,
                ["rotary_emb_base"] = c.RopeTheta,
                ["layer_norm_eps"] = c.NormEps,
                ["use_parallel_residual"] = c.ParallelResidual,
                ["hidden_act"] = "gelu",
                ["attention_bias"] = true,
                ["tie_word_embeddings"] = c.TiedEmbeddings,
                ["torch_dtype"] = "float32",
            },
            _ => LlamaStyleJson(c),
        };
    }

    /// <summary>Llama's keys, or OLMo 2's: the same less mlp_bias, and head_dim only when it is not hidden_size / heads.</summary>
    static JsonObject LlamaStyleJson(ModelConfig c)
    {
        bool llama = c.Family == ModelFamily.Llama;
        var keys = new List<KeyValuePair<string, JsonNode?>>
        {
            new("architectures", new JsonArray(llama ? "LlamaForCausalLM" : "Olmo2ForCausalLM")),
            new("model_type", ModelType(c.Family)),
            new("vocab_size", c.VocabSize),
            new("hidden_size", c.Channels),
            new("num_hidden_layers", c.Layers),
            new("num_attention_heads", c.Heads),
            new("num_key_value_heads", c.KvHeads),
        };
        if (llama || c.HeadDim * c.Heads != c.Channels) keys.Add(new("head_dim", c.HeadDim));
        keys.AddRange(
        [
            new("intermediate_size", c.MlpHidden),
            new("max_position_embeddings", c.MaxSeqLen),
            new("rms_norm_eps", c.NormEps),
            new("rope_theta", c.RopeTheta),
            new("hidden_act", "silu"),
            new("attention_bias", false),
        ]);
        if (llama) keys.Add(new("mlp_bias", false));
        keys.Add(new("tie_word_embeddings", c.TiedEmbeddings));
        keys.Add(new("torch_dtype", "float32"));
        return new JsonObject(keys);
    }

    /// <summary>Typed access to a config object; every failure names the file and the key.</summary>
    sealed class Reader(JsonObject root, string path)
    {
        public string Path => path;

        public bool Has(string key) => root.ContainsKey(key);

        public bool IsNonNull(string key) => root[key] is not null;

        JsonNode Required(string key) =>
            root[key] ?? throw new InvalidDataException($"{path}: missing key '{key}'; the config.json is incomplete or of another model type.");

        public string String(string key) => As<string>(Required(key), key, "a string");

        public int Int(string key) => As<int>(Required(key), key, "an integer");

        public string? OptionalString(string key) => root[key] is { } n ? As<string>(n, key, "a string") : null;

        public int? OptionalInt(string key) => root[key] is { } n ? As<int>(n, key, "an integer") : null;

        public float? OptionalFloat(string key) => root[key] is { } n ? (float)As<double>(n, key, "a number") : null;

        public bool? OptionalBool(string key) => root[key] is { } n ? As<bool>(n, key, "true or false") : null;

        public string? NestedString(string key, string inner) =>
            root[key] is JsonObject o && o[inner] is { } n ? As<string>(n, $"{key}.{inner}", "a string") : null;

        public float? NestedFloat(string key, string inner) =>
            root[key] is JsonObject o && o[inner] is { } n ? (float)As<double>(n, $"{key}.{inner}", "a number") : null;

        T As<T>(JsonNode node, string key, string expected)
        {
            try
            {
                if (node is JsonValue v && v.TryGetValue(out T? value) && value is not null) return value;
                if (typeof(T) == typeof(int) && node is JsonValue d && d.TryGetValue(out double dv) && dv == Math.Floor(dv) && Math.Abs(dv) <= int.MaxValue)
                    return (T)(object)(int)dv;
                if (typeof(T) == typeof(double) && node is JsonValue iv && iv.TryGetValue(out long lv))
                    return (T)(object)(double)lv;
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
            {
            }
            throw new InvalidDataException($"{path}: key '{key}' should be {expected}, found {node.ToJsonString()}.");
        }
    }
}

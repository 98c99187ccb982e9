using ModeHop.Models.Transformer;
using ModeHop.Tensors;

namespace ModeHop.Models.HuggingFace;

/// <summary>
/// The Hugging Face names of a model's parameters, family by family, with the layout change each
/// needs (<see cref="ParamMapping"/>). Loads weights from a checkpoint and writes weights, gradients
/// or optimiser moments back in the same naming, so other tools can read ModeHop's checkpoints.
/// </summary>
public sealed class WeightMap
{
    public IReadOnlyList<ParamMapping> Mappings { get; }

    WeightMap(IReadOnlyList<ParamMapping> mappings) => Mappings = mappings;

    /// <summary>Tensors that checkpoints carry but that are not parameters (masks, rotary tables).</summary>
    public static bool IsBuffer(string name) =>
        name.EndsWith(".attn.bias") || name.EndsWith(".attn.masked_bias")
        || name.EndsWith(".attention.bias") || name.EndsWith(".attention.masked_bias")
        || name.EndsWith("rotary_emb.inv_freq");

    public static WeightMap For(TransformerModel model)
    {
        var c = model.Config;
        var list = new List<ParamMapping>();
        void Direct(Tensor? t, string name) { if (t is not null) list.Add(new ParamMapping.Direct(t, name)); }
        void Conv1D(Tensor t, string name) => list.Add(new ParamMapping.Transposed(t, name));

        switch (c.Family)
        {
            case ModelFamily.Gpt2:
                Direct(model.TokenEmbedding, "wte.weight");
                Direct(model.PositionEmbedding, "wpe.weight");
                for (int l = 0; l < model.Blocks.Count; l++)
                {
                    var b = model.Blocks[l];
                    string p = $"h.{l}.";
                    Direct(b.Norm1Weight, p + "ln_1.weight");
                    Direct(b.Norm1Bias, p + "ln_1.bias");
                    Conv1D(b.QkvWeight, p + "attn.c_attn.weight");
                    Direct(b.QkvBias, p + "attn.c_attn.bias");
                    Conv1D(b.ProjWeight, p + "attn.c_proj.weight");
                    Direct(b.ProjBias, p + "attn.c_proj.bias");
                    Direct(b.Norm2Weight, p + "ln_2.weight");
                    Direct(b.Norm2Bias, p + "ln_2.bias");
                    Conv1D(b.FcWeight, p + "mlp.c_fc.weight");
                    Direct(b.FcBias, p + "mlp.c_fc.bias");
                    Conv1D(b.Fc2Weight, p + "mlp.c_proj.weight");
                    Direct(b.Fc2Bias, p + "mlp.c_proj.bias");
                }
                Direct(model.FinalNormWeight, "ln_f.weight");
                Direct(model.FinalNormBias, "ln_f.bias");
                Direct(model.Head, "lm_head.weight");
                break;

            case ModelFamily.GptNeoX:
                Direct(model.TokenEmbedding, "gpt_neox.embed_in.weight");
                for (int l = 0; l < model.Blocks.Count; l++)
                {
                    var b = model.Blocks[l];
                    string p = $"gpt_neox.layers.{l}.";
                    Direct(b.Norm1Weight, p + "input_layernorm.weight");
                    Direct(b.Norm1Bias, p + "input_layernorm.bias");
                    list.Add(new ParamMapping.NeoXQkv(b.QkvWeight, p + "attention.query_key_value.weight", c.Heads, c.HeadDim));
                    if (b.QkvBias is not null)
                        list.Add(new ParamMapping.NeoXQkv(b.QkvBias, p + "attention.query_key_value.bias", c.Heads, c.HeadDim));
                    Direct(b.ProjWeight, p + "attention.dense.weight");
                    Direct(b.ProjBias, p + "attention.dense.bias");
                    Direct(b.Norm2Weight, p + "post_attention_layernorm.weight");
                    Direct(b.Norm2Bias, p + "post_attention_layernorm.bias");
                    Direct(b.FcWeight, p + "mlp.dense_h_to_4h.weight");
                    Direct(b.FcBias, p + "mlp.dense_h_to_4h.bias");
                    Direct(b.Fc2Weight, p + "mlp.dense_4h_to_h.weight");
                    Direct(b.Fc2Bias, p + "mlp.dense_4h_to_h.bias");
                }
                Direct(model.FinalNormWeight, "gpt_neox.final_layer_norm.weight");
                Direct(model.FinalNormBias, "gpt_neox.final_layer_norm.bias");
                Direct(model.Head, "embed_out.weight");
                break;

            default:
                // Llama and OLMo 2. OLMo 2's norms follow the sublayers: norm1 is its post_attention_layernorm and
                // norm2 its post_feedforward_layernorm (Llama's post_attention_layernorm is the norm before the MLP).
                int qRows = c.Heads * c.HeadDim, kvRows = c.KvHeads * c.HeadDim;
                Direct(model.TokenEmbedding, "model.embed_tokens.weight");
                for (int l = 0; l < model.Blocks.Count; l++)
                {
                    var b = model.Blocks[l];
                    string p = $"model.layers.{l}.";
                    Direct(b.Norm1Weight, p + (c.PostNorm ? "post_attention_layernorm.weight" : "input_layernorm.weight"));
                    list.Add(new ParamMapping.RowConcat(b.QkvWeight, [(p + "self_attn.q_proj.weight", qRows), (p + "self_attn.k_proj.weight", kvRows), (p + "self_attn.v_proj.weight", kvRows)]));
                    Direct(b.QNormWeight, p + "self_attn.q_norm.weight");
                    Direct(b.KNormWeight, p + "self_attn.k_norm.weight");
                    Direct(b.ProjWeight, p + "self_attn.o_proj.weight");
                    Direct(b.Norm2Weight, p + (c.PostNorm ? "post_feedforward_layernorm.weight" : "post_attention_layernorm.weight"));
                    list.Add(new ParamMapping.RowConcat(b.FcWeight, [(p + "mlp.gate_proj.weight", c.MlpHidden), (p + "mlp.up_proj.weight", c.MlpHidden)]));
                    Direct(b.Fc2Weight, p + "mlp.down_proj.weight");
                }
                Direct(model.FinalNormWeight, "model.norm.weight");
                Direct(model.Head, "lm_head.weight");
                break;
        }
        if (list.Count != model.Parameters.Count)
            throw new InvalidOperationException($"Weight map covers {list.Count} of {model.Parameters.Count} parameters for {c.Family}.");
        return new WeightMap(list);
    }

    /// <summary>
    /// Loads every parameter from <paramref name="source"/>. Names may carry a <c>transformer.</c>
    /// prefix (some GPT-2 exports); buffers are skipped; a tied head stored anyway is ignored.
    /// Missing or unexpected tensors are errors naming the file.
    /// </summary>
    public void Load(IWeightSource source, string description)
    {
        var prefixed = Verify(source, description);
        foreach (var m in Mappings) m.Load(prefixed, m.Target.Data);
    }

    /// <summary>
    /// Checks names and shapes against the configuration without reading any values: every
    /// parameter present with the shape config.json implies, nothing unexpected besides buffers.
    /// </summary>
    public IWeightSource Verify(IWeightSource source, string description)
    {
        var prefixed = new PrefixedSource(source);
        var expected = new HashSet<string>(Mappings.SelectMany(m => m.HfNames));
        foreach (var name in prefixed.Names)
        {
            if (expected.Contains(name) || IsBuffer(name) || name == "lm_head.weight") continue;
            throw new InvalidDataException($"{prefixed.FileOf(name)}: unexpected tensor '{name}' for this model type; check that config.json's model_type matches the weights.");
        }
        foreach (var m in Mappings)
            foreach (var (name, shape) in m.Stored)
            {
                if (!prefixed.Has(name))
                    throw new InvalidDataException($"{description}: missing tensor '{name}'; the checkpoint is incomplete or config.json describes another model.");
                var actual = prefixed.Shape(name);
                if (!actual.AsSpan().SequenceEqual(shape))
                    throw new InvalidDataException($"{prefixed.FileOf(name)}: tensor '{name}' has shape [{string.Join(",", actual)}] but config.json implies [{string.Join(",", shape)}]; the weights and config.json do not belong together.");
            }
        return prefixed;
    }

    /// <summary>Values selected from each parameter (weights, gradients, moments) in Hugging Face naming.</summary>
    public IEnumerable<HfTensor> ToHf(Func<Tensor, ReadOnlyMemory<float>> select) => Mappings.SelectMany(m => m.ToHf(select(m.Target)));

    /// <summary>Accepts names with or without GPT-2's <c>transformer.</c> prefix.</summary>
    sealed class PrefixedSource(IWeightSource inner) : IWeightSource
    {
        const string Prefix = "transformer.";
        readonly Dictionary<string, string> map = inner.Names.ToDictionary(n => n.StartsWith(Prefix) ? n[Prefix.Length..] : n, n => n);

        public IEnumerable<string> Names => map.Keys;
        public bool Has(string name) => map.ContainsKey(name);
        public int[] Shape(string name) => inner.Shape(map[name]);
        public float[] ReadFloat32(string name) => inner.ReadFloat32(map[name]);
        public string FileOf(string name) => inner.FileOf(map[name]);
    }
}

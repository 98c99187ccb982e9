using ModeHop.Models.HuggingFace;
using ModeHop.Models.Transformer;

namespace ModeHop.Models.Adapters;

/// <summary>
/// The Hugging Face module paths of the adapted projections, as PEFT names them inside a CausalLM model, derived from
/// <see cref="WeightMap"/> (the weight's name without <c>.weight</c>):
/// <list type="table">
/// <item><term>gpt2</term><description><c>transformer.h.{l}.attn.c_proj</c>, <c>transformer.h.{l}.mlp.c_proj</c> (GPT2LMHeadModel nests
/// the blocks under <c>transformer.</c>, which GPT-2's model.safetensors leaves out)</description></item>
/// <item><term>gpt_neox</term><description><c>gpt_neox.layers.{l}.attention.dense</c>, <c>gpt_neox.layers.{l}.mlp.dense_4h_to_h</c></description></item>
/// <item><term>llama, olmo2</term><description><c>model.layers.{l}.self_attn.o_proj</c>, <c>model.layers.{l}.mlp.down_proj</c></description></item>
/// </list>
/// </summary>
public sealed class LoraModules
{
    /// <summary>PEFT's prefix of a CausalLM's module names in a saved adapter (PeftModelForCausalLM.base_model.model).</summary>
    public const string PeftPrefix = "base_model.model.";

    /// <summary>GPT2LMHeadModel's prefix of its block modules, absent from GPT-2's model.safetensors names.</summary>
    public const string Gpt2Prefix = "transformer.";

    readonly string[] paths; // [layer · 2 + target]

    LoraModules(ModelFamily family, string[] paths)
    {
        Family = family;
        this.paths = paths;
    }

    public static LoraModules For(TransformerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var targets = model.Blocks.SelectMany(b => new[] { b.ProjWeight, b.Fc2Weight }).ToHashSet();
        var names = WeightMap.For(model).Mappings.Where(m => targets.Contains(m.Target)).ToDictionary(m => m.Target, m => m.HfNames.Single());
        string prefix = model.Config.Family == ModelFamily.Gpt2 ? Gpt2Prefix : "";
        string Module(Transformer.LayerWeights b, bool attention)
        {
            string weight = names[attention ? b.ProjWeight : b.Fc2Weight];
            return prefix + weight[..^".weight".Length];
        }
        var paths = model.Blocks.SelectMany(b => new[] { Module(b, attention: true), Module(b, attention: false) }).ToArray();
        return new LoraModules(model.Config.Family, paths);
    }

    public ModelFamily Family { get; }

    /// <summary>The module path of block <paramref name="layer"/>'s <paramref name="target"/>, e.g. <c>gpt_neox.layers.3.attention.dense</c>.</summary>
    public string Path(int layer, LoraTarget target) => paths[2 * layer + (int)target];

    /// <summary>The saved tensor name of A or B: <c>base_model.model.&lt;path&gt;.lora_A.weight</c> / <c>.lora_B.weight</c>.</summary>
    public string TensorName(int layer, LoraTarget target, bool a) => PeftPrefix + Path(layer, target) + (a ? ".lora_A.weight" : ".lora_B.weight");

    /// <summary>PEFT's <c>target_modules</c>: the distinct leaf names (c_proj; dense, dense_4h_to_h; o_proj, down_proj), sorted.</summary>
    public IReadOnlyList<string> LeafNames => paths.Select(p => p[(p.LastIndexOf('.') + 1)..]).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// GPT-2's projections are Conv1D modules, for which PEFT sets <c>fan_in_fan_out</c> true (it concerns merging the
    /// update into the [in, out] base weight; lora_A and lora_B keep their [r, in] and [out, r] shapes either way).
    /// </summary>
    public bool FanInFanOut => Family == ModelFamily.Gpt2;
}

using System.Text.Json.Nodes;
using ModeHop.Models.Adapters;
using ModeHop.Models.HuggingFace;
using ModeHop.Models.SafeTensors;
using ModeHop.Tensors;
using Xunit.Abstractions;

namespace ModeHop.Tests.Models.Adapters;

/// <summary>
/// The committed PyTorch LoRA goldens (tools/reference/make_lora_fixtures.py): each family's reference model with a
/// rank-2, alpha-3 adapter on its two output projections, loaded through <see cref="LoraFiles.Load"/> from the PEFT
/// layout, gives PyTorch's logits, loss and A/B gradients (base frozen). A failure lists the worst absolute difference
/// of every tensor out of tolerance.
/// </summary>
public class LoraParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Fixtures() => new() { "gpt2", "gpt_neox", "llama", "olmo2" };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Adapter_FromPeftLayout_MatchesPyTorch(string name)
    {
        string dir = Path.Combine(ParityTests.Dir(name), "lora");
        var model = HfCheckpoint.Load(ParityTests.Dir(name));
        model.Freeze();
        model.Adapters = LoraFiles.Load(dir, model);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "golden.json")))!.AsObject();
        Assert.Equal((float)json["scaling"]!, model.Adapters.Scale);
        using var golden = SafeTensorsFile.Open(Path.Combine(dir, "golden.safetensors"));
        int[] Ints(string n) => golden.ReadFloat32(n).Select(v => (int)v).ToArray();
        int B = (int)json["batch_size"]!, T = (int)json["seq_len"]!;
        var ids = Ints("input_ids");
        var targets = Ints("targets");

        var tape = new Tape();
        var logits = model.Forward(tape, ids, B, T);
        var loss = ModeHop.Tensors.Ops.Ops.CrossEntropy(tape, logits, targets);
        tape.Backward(loss);

        var failures = new List<string>();
        var expectedLogits = golden.ReadFloat32("logits");
        float worstLogit = ModeHop.Tests.Tensors.TestData.MaxAbsDiff(logits.Data, expectedLogits);
        if (worstLogit > 1e-4f) failures.Add($"logits: worst |diff| {worstLogit}");
        double lossDiff = Math.Abs(loss.Data[0] - (double)json["loss"]!);
        if (lossDiff > 1e-5) failures.Add($"loss: {loss.Data[0]} vs PyTorch {(double)json["loss"]!}");
        var modules = LoraModules.For(model);
        float worstGrad = 0f;
        int checkedTensors = 0;
        for (int l = 0; l < model.Blocks.Count; l++)
            foreach (var target in new[] { LoraTarget.AttentionOutput, LoraTarget.MlpOutput })
                foreach (bool a in new[] { true, false })
                {
                    string tensor = modules.TensorName(l, target, a);
                    var pair = model.Adapters[l, target];
                    var expected = golden.ReadFloat32("grad." + tensor);
                    float worst = ModeHop.Tests.Tensors.TestData.MaxAbsDiff((a ? pair.A : pair.B).Grad, expected);
                    float scale = expected.Max(Math.Abs);
                    worstGrad = Math.Max(worstGrad, worst);
                    if (worst > 1e-5f + 1e-4f * scale) failures.Add($"grad.{tensor}: worst |diff| {worst} (max |grad| {scale})");
                    checkedTensors++;
                }
        Assert.Equal(4 * model.Blocks.Count, checkedTensors);
        Assert.All(model.Parameters, p => Assert.False(p.HasGrad));
        output.WriteLine($"{name}/lora: logits worst |diff| {worstLogit:G3}, loss |diff| {lossDiff:G3}, A/B gradients worst |diff| {worstGrad:G3}");
        Assert.True(failures.Count == 0, $"{name}/lora differs from PyTorch:\n" + string.Join("\n", failures));
    }
}

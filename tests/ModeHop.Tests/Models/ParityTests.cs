using System.Text.Json.Nodes;
using ModeHop.Models.HuggingFace;
using ModeHop.Models.SafeTensors;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Training;
using ModeHop.Training.Optim;
using Xunit.Abstractions;

namespace ModeHop.Tests.Models;

/// <summary>
/// Every model family against the PyTorch goldens in tools/reference/fixtures (written by
/// make_fixtures.py): logits, loss, every parameter's gradient and five AdamW steps, the model loaded through
/// <see cref="HfCheckpoint.Load"/> as every verb loads it. A failure lists the worst absolute difference of every
/// tensor that is out of tolerance; the worst differences are written to the test output either way.
/// </summary>
public class ParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Fixtures() => new() { "gpt2", "gpt_neox", "gpt_neox_seq", "llama", "llama_tied", "olmo2" };

    public static string Dir(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    sealed record Golden(TransformerModel Model, int[] Ids, int[] Targets, int Batch, int Seq, SafeTensorsFile File, JsonObject Json) : IDisposable
    {
        public void Dispose() => File.Dispose();
    }

    static Golden Load(string name)
    {
        string dir = Dir(name);
        var model = HfCheckpoint.Load(dir);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "golden.json")))!.AsObject();
        var file = SafeTensorsFile.Open(Path.Combine(dir, "golden.safetensors"));
        int[] Ints(string n) => file.ReadFloat32(n).Select(v => (int)v).ToArray();
        return new Golden(model, Ints("input_ids"), Ints("targets"), (int)json["batch_size"]!, (int)json["seq_len"]!, file, json);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Forward_LogitsAndLoss_MatchPyTorch(string name)
    {
        using var g = Load(name);
        var tape = new Tape { Recording = false };
        var logits = g.Model.Forward(tape, g.Ids, g.Batch, g.Seq);
        var expected = g.File.ReadFloat32("logits");
        float worst = ModeHop.Tests.Tensors.TestData.MaxAbsDiff(logits.Data, expected);
        var loss = g.Model.Loss(new Tape { Recording = false }, g.Ids, g.Targets, g.Batch, g.Seq).Data[0];
        output.WriteLine($"{name}: logits worst |diff| {worst:G3} (max |logit| {expected.Max(Math.Abs):G3}), loss |diff| {Math.Abs(loss - (double)g.Json["loss"]!):G3}");
        Assert.True(worst < 1e-4f, $"{name}: logits differ from PyTorch by up to {worst}");
        Assert.Equal((double)g.Json["loss"]!, loss, 4);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Backward_EveryGradient_MatchesPyTorch(string name)
    {
        using var g = Load(name);
        var tape = new Tape();
        var loss = g.Model.Loss(tape, g.Ids, g.Targets, g.Batch, g.Seq);
        tape.Backward(loss);
        var failures = new List<string>();
        var (worstName, worstOverall) = ("", 0f);
        foreach (var t in WeightMap.For(g.Model).ToHf(p => p.Grad))
        {
            var expected = g.File.ReadFloat32("grad." + t.Name);
            float worst = ModeHop.Tests.Tensors.TestData.MaxAbsDiff(t.Data, expected);
            float scale = expected.Max(Math.Abs);
            if (worst > worstOverall) (worstName, worstOverall) = (t.Name, worst);
            if (worst > 2e-5f + 1e-4f * scale) failures.Add($"{t.Name}: worst |diff| {worst} (max |grad| {scale})");
        }
        output.WriteLine($"{name}: gradients worst |diff| {worstOverall:G3} ({worstName})");
        Assert.True(failures.Count == 0, $"{name}: gradients differ from PyTorch:\n" + string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void AdamW_FiveSteps_LossesMatchPyTorch(string name)
    {
        using var g = Load(name);
        var a = g.Json["adamw"]!.AsObject();
        var optimizer = new AdamW(g.Model.Parameters, new AdamWOptions
        {
            Beta1 = (float)a["beta1"]!, Beta2 = (float)a["beta2"]!, Epsilon = (float)a["eps"]!, WeightDecay = (float)a["weight_decay"]!,
        });
        var expected = a["losses"]!.AsArray().Select(v => (double)v!).ToArray();
        var trainStep = new TrainStep(g.Model, optimizer, (float)a["clip_norm"]!);
        for (int step = 0; step < expected.Length; step++)
        {
            float loss = step == expected.Length - 1
                ? trainStep.Evaluate(g.Ids, g.Targets, g.Batch, g.Seq)
                : trainStep.Run(g.Ids, g.Targets, g.Batch, g.Seq, (float)a["lr"]!).Loss;
            Assert.True(Math.Abs(loss - expected[step]) < 1e-4 + 1e-4 * expected[step], $"{name}: loss before update {step + 1} is {loss}, PyTorch {expected[step]}");
        }
    }
}

using ModeHop.Training;

namespace ModeHop.Tests.Training;

public class PresetTests
{
    [Fact]
    public void Load_Tiny_IsValidGpt2()
    {
        var p = TrainingPreset.Load("tiny");
        Assert.Equal(ModeHop.Models.Transformer.ModelFamily.Gpt2, p.Model.Family);
        Assert.True(p.Steps > 0);
    }

    [Fact]
    public void ToJson_ThenParse_GivesTheSamePreset()
    {
        var p = TrainingPreset.Load("tiny") with { Steps = 77, Seed = 9 };
        var again = TrainingPreset.Parse(p.ToJson(), "roundtrip");
        Assert.Equal(p.ToJson(), again.ToJson());
        Assert.Equal(p.Model, again.Model);
    }

    [Fact]
    public void Parse_Olmo2_IsLlamaShapedWithPostNormAndQkNorm()
    {
        var p = TrainingPreset.Parse("""{"family": "olmo2", "channels": 48, "heads": 4, "kv_heads": 2}""", "olmo2.json");
        Assert.Equal(ModeHop.Models.Transformer.ModelFamily.Olmo2, p.Model.Family);
        Assert.True(p.Model.PostNorm && p.Model.QkNorm);
        Assert.False(p.Model.Bias);
        Assert.Equal(1f, p.Model.RotaryFraction);
        Assert.Equal(8 * 48 / 3, p.Model.MlpHidden);
        Assert.Equal(2, p.Model.KvHeads);
        Assert.Equal(p.Model, TrainingPreset.Parse(p.ToJson(), "roundtrip").Model);
    }

    [Theory]
    [InlineData("""{"layerz": 2}""", "unknown key 'layerz'")]
    [InlineData("""{"layers": "two"}""", "'layers' should be an integer")]
    [InlineData("""{"layers": 2.5}""", "'layers' should be an integer")]
    [InlineData("""{"channels": 100, "heads": 3}""", "heads (3) must divide channels (100)")]
    [InlineData("""{"layers": 0}""", "layers must be positive")]
    [InlineData("""{"batch": -1}""", "batch must be positive")]
    [InlineData("""{"family": "bert"}""", "'family' must be one of")]
    [InlineData("""{"lr": -1}""", "lr must be positive")]
    [InlineData("""[1, 2]""", "expected a JSON object")]
    [InlineData("""{"layers": 2""", "not valid JSON")]
    public void Parse_BadPreset_ThrowsInvalidDataNamingTheProblem(string json, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => TrainingPreset.Parse(json, "my.json"));
        Assert.Contains("my.json", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        var e = Assert.Throws<FileNotFoundException>(() => TrainingPreset.Load("/nonexistent/preset.json"));
        Assert.Contains("tiny", e.Message);
    }
}

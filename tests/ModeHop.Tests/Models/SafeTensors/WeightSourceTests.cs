using ModeHop.Models.SafeTensors;

namespace ModeHop.Tests.Models.SafeTensors;

public class WeightSourceTests
{
    const string Index = "model.safetensors.index.json";
    const string Shard1 = "model-00001-of-00002.safetensors";
    const string Shard2 = "model-00002-of-00002.safetensors";

    static void WriteShardedCheckpoint(TempDirectory dir)
    {
        SafeTensorsWriter.Write(dir.File(Shard1), [("wte", [2, 2], [1f, 2f, 3f, 4f]), ("h.0.w", [2], [5f, 6f])]);
        SafeTensorsWriter.Write(dir.File(Shard2), [("h.1.w", [1], [7f]), ("ln_f", [], [8f])]);
        File.WriteAllText(dir.File(Index), "{\"metadata\": {\"total_size\": 36},\n \"weight_map\": {"
            + $"\"wte\": \"{Shard1}\", \"h.0.w\": \"{Shard1}\", \"h.1.w\": \"{Shard2}\", \"ln_f\": \"{Shard2}\"}}}}");
    }

    static TException AssertRejected<TException>(string expectedPath, Func<object> action, string expectedFragment) where TException : Exception
    {
        var e = Assert.Throws<TException>(action);
        Assert.Contains(expectedPath, e.Message);
        Assert.Contains(expectedFragment, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void Open_DirectoryWithSingleFile_ListsAndReadsEveryTensor()
    {
        using var dir = new TempDirectory();
        SafeTensorsWriter.Write(dir.File("model.safetensors"), [("a", [2], [1f, 2f]), ("b", [1], [3f])]);
        using var source = WeightSource.Open(dir.Path);
        Assert.Equal(dir.Path, source.Location);
        Assert.Single(source.Files);
        Assert.Equal(["a", "b"], source.Tensors.Keys.Order());
        Assert.Equal([1f, 2f], source.ReadFloat32("a"));
        Assert.True(source.Contains("b"));
        Assert.False(source.Contains("c"));
    }

    [Fact]
    public void Open_ShardedCheckpoint_OpensEachShardOnceAndReadsAcrossShards()
    {
        using var dir = new TempDirectory();
        WriteShardedCheckpoint(dir);
        using var source = WeightSource.Open(dir.Path);

        Assert.Equal(2, source.Files.Count);
        Assert.Equal(4, source.Tensors.Count);
        Assert.Same(source.FileOf("wte"), source.FileOf("h.0.w"));
        Assert.Same(source.FileOf("h.1.w"), source.FileOf("ln_f"));
        Assert.Equal(dir.File(Shard2), source.FileOf("ln_f").Path);
        Assert.Equal([1f, 2f, 3f, 4f], source.ReadFloat32("wte"));
        Assert.Equal([7f], source.ReadFloat32("h.1.w"));
        var destination = new float[1];
        source.ReadFloat32("ln_f", destination);
        Assert.Equal([8f], destination);
        Assert.Empty(source.Tensors["ln_f"].Shape);
    }

    [Fact]
    public void Open_IndexFilePath_OpensTheShards()
    {
        using var dir = new TempDirectory();
        WriteShardedCheckpoint(dir);
        using var source = WeightSource.Open(dir.File(Index));
        Assert.Equal([5f, 6f], source.ReadFloat32("h.0.w"));
    }

    [Fact]
    public void Open_SafetensorsFilePath_OpensThatFile()
    {
        using var dir = new TempDirectory();
        SafeTensorsWriter.Write(dir.File("optimizer.safetensors"), [("m.wte", [1], [0.5f])]);
        using var source = WeightSource.Open(dir.File("optimizer.safetensors"));
        Assert.Equal([0.5f], source.ReadFloat32("m.wte"));
    }

    [Fact]
    public void Open_MissingShard_ThrowsFileNotFoundNamingShard()
    {
        using var dir = new TempDirectory();
        WriteShardedCheckpoint(dir);
        File.Delete(dir.File(Shard2));
        var e = AssertRejected<FileNotFoundException>(dir.File(Shard2), () => WeightSource.Open(dir.Path), "shard missing");
        Assert.Equal(dir.File(Shard2), e.FileName);
    }

    [Fact]
    public void Open_IndexNamesTensorAbsentFromShard_ThrowsInvalidData()
    {
        using var dir = new TempDirectory();
        WriteShardedCheckpoint(dir);
        SafeTensorsWriter.Write(dir.File(Shard2), [("h.1.w", [1], [7f])]);
        AssertRejected<InvalidDataException>(dir.File(Index), () => WeightSource.Open(dir.Path), "puts tensor \"ln_f\" in " + Shard2);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "expected an object with a \"weight_map\"")]
    [InlineData("{\"metadata\":{}}", "no \"weight_map\" object")]
    [InlineData("{\"weight_map\":{\"a\":1}}", "is not a string shard file name")]
    [InlineData("{\"weight_map\":{\"a\":\"../model.safetensors\"}}", "not a plain file name")]
    [InlineData("{\"weight_map\":{\"a\":\"x.safetensors\",\"a\":\"y.safetensors\"}}", "lists tensor \"a\" twice")]
    [InlineData("{\"weight_map\":{},\"weight_map\":{}}", "\"weight_map\" twice")]
    public void Open_BadIndex_ThrowsInvalidData(string json, string expectedFragment)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(Index), json);
        AssertRejected<InvalidDataException>(dir.File(Index), () => WeightSource.Open(dir.Path), expectedFragment);
    }

    [Theory]
    [InlineData("pytorch_model.bin")]
    [InlineData("pytorch_model-00001-of-00002.bin")]
    public void Open_BinOnlyDirectory_RefusesWithConversionCommand(string binName)
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File(binName), [0x80, 0x02]);
        var e = AssertRejected<InvalidDataException>(dir.Path, () => WeightSource.Open(dir.Path), "never unpickles .bin files");
        Assert.Contains($"from_pretrained('{dir.Path}').save_pretrained('{dir.Path}', safe_serialization=True)", e.Message);
    }

    [Fact]
    public void Open_BinFilePath_Refuses()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("pytorch_model.bin"), [0x80, 0x02]);
        AssertRejected<InvalidDataException>(dir.File("pytorch_model.bin"), () => WeightSource.Open(dir.File("pytorch_model.bin")), "never unpickles");
    }

    [Fact]
    public void Open_DirectoryWithoutWeights_ThrowsFileNotFound()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("config.json"), "{}");
        AssertRejected<FileNotFoundException>(dir.Path, () => WeightSource.Open(dir.Path), "no model.safetensors or model.safetensors.index.json");
    }

    [Fact]
    public void Open_OnlyOtherSafetensorsFiles_ThrowsFileNotFoundListingThem()
    {
        using var dir = new TempDirectory();
        SafeTensorsWriter.Write(dir.File("adapter_model.safetensors"), [("x", [1], [1f])]);
        AssertRejected<FileNotFoundException>(dir.Path, () => WeightSource.Open(dir.Path), "found adapter_model.safetensors");
    }

    [Fact]
    public void Open_MissingDirectory_ThrowsDirectoryNotFound()
    {
        using var dir = new TempDirectory();
        string missing = dir.File("no-such-checkpoint");
        AssertRejected<DirectoryNotFoundException>(missing, () => WeightSource.Open(missing), "no such directory");
    }

    [Fact]
    public void ReadFloat32_UnknownTensor_ThrowsInvalidDataNamingCheckpoint()
    {
        using var dir = new TempDirectory();
        WriteShardedCheckpoint(dir);
        using var source = WeightSource.Open(dir.Path);
        AssertRejected<InvalidDataException>(dir.Path, () => source.ReadFloat32("lm_head.weight"), "no tensor named \"lm_head.weight\"");
    }

    [Fact]
    public void Open_CorruptShard_ThrowsInvalidDataNamingShard()
    {
        using var dir = new TempDirectory();
        WriteShardedCheckpoint(dir);
        File.WriteAllBytes(dir.File(Shard1), [1, 2, 3]);
        AssertRejected<InvalidDataException>(dir.File(Shard1), () => WeightSource.Open(dir.Path), "only 3 bytes");
    }
}

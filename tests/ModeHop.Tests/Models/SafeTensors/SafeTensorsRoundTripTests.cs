using System.Text;
using ModeHop.Models.SafeTensors;
using ModeHop.Tests.Tensors;

namespace ModeHop.Tests.Models.SafeTensors;

public class SafeTensorsRoundTripTests
{
    static (string Name, int[] Shape, float[] Data)[] Sample() =>
    [
        ("wte", [5, 3], TestData.Normal(15, seed: 1)),
        ("ln.bias", [3], TestData.Normal(3, seed: 2)),
        ("scalar", [], [42.5f]),
        ("empty", [0, 7], []),
        ("h.0.attn.weight", [2, 2, 2], TestData.Normal(8, seed: 3)),
    ];

    [Fact]
    public void WriteThenOpen_TensorsAndMetadata_RoundTripExactly()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\" \n line" };
        SafeTensorsWriter.Write(path, Sample(), metadata);

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(Path.GetFullPath(path), file.Path);
        Assert.Equal(metadata, file.Metadata);
        Assert.Equal(Sample().Length, file.Tensors.Count);
        foreach (var (name, shape, data) in Sample())
        {
            var info = file.Tensors[name];
            Assert.Equal(SafeTensorDtype.F32, info.Dtype);
            Assert.Equal(shape, info.Shape);
            Assert.Equal(data.Length, info.ElementCount);
            Assert.Equal(4L * data.Length, info.ByteLength);
            Assert.Equal(data, file.ReadFloat32(name));
            var destination = new float[data.Length];
            file.ReadFloat32(name, destination);
            Assert.Equal(data, destination);
        }
    }

    [Fact]
    public void Write_AnyInput_SortsByNamePacksDataAndAlignsHeader()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        SafeTensorsWriter.Write(path, Sample());

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(0, file.HeaderLength % 8);
        long expectedOffset = 0;
        foreach (string name in Sample().Select(t => t.Name).Order(StringComparer.Ordinal))
        {
            Assert.Equal(expectedOffset, file.Tensors[name].DataOffset);
            expectedOffset += file.Tensors[name].ByteLength;
        }
        Assert.Equal(file.BufferStart + expectedOffset, new FileInfo(path).Length);
        Assert.Empty(file.Metadata);
    }

    [Fact]
    public void Write_TinyInput_ProducesTheRustCrateLayoutByteForByte()
    {
        using var dir = new TempDirectory();
        string path = dir.File("tiny.safetensors");
        SafeTensorsWriter.Write(path, [("b", [2], [1f, -2f]), ("a", [], [0.5f])], new Dictionary<string, string> { ["k"] = "v" });

        string json = "{\"__metadata__\":{\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        json += new string(' ', (8 - json.Length % 8) % 8);
        byte[] expected = RawSafeTensors.Build(json, RawSafeTensors.Floats(0.5f, 1f, -2f));
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_SameTensorsInAnyOrder_GivesIdenticalBytes()
    {
        using var dir = new TempDirectory();
        var metadataA = new Dictionary<string, string> { ["x"] = "1", ["a"] = "2" };
        var metadataB = new Dictionary<string, string> { ["a"] = "2", ["x"] = "1" };
        SafeTensorsWriter.Write(dir.File("a.safetensors"), Sample(), metadataA);
        SafeTensorsWriter.Write(dir.File("b.safetensors"), Sample().Reverse(), metadataB);
        SafeTensorsWriter.Write(dir.File("c.safetensors"), Sample(), metadataA);
        byte[] a = File.ReadAllBytes(dir.File("a.safetensors"));
        Assert.Equal(a, File.ReadAllBytes(dir.File("b.safetensors")));
        Assert.Equal(a, File.ReadAllBytes(dir.File("c.safetensors")));
    }

    [Fact]
    public void Write_OverExistingFile_ReplacesItAndLeavesNoTemporaryFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        File.WriteAllText(path, "old content");
        SafeTensorsWriter.Write(path, [("x", [1], [3f])]);

        Assert.Equal(["model.safetensors"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal([3f], file.ReadFloat32("x"));
    }

    [Fact]
    public void Write_InvalidInput_ThrowsAndLeavesNoFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        Assert.Throws<ArgumentException>(() => SafeTensorsWriter.Write(path, [("x", [2], [1f]), ("y", [1], [1f])]));
        Assert.Throws<ArgumentException>(() => SafeTensorsWriter.Write(path, [("x", [1], [1f]), ("x", [1], [2f])]));
        Assert.Throws<ArgumentException>(() => SafeTensorsWriter.Write(path, [("__metadata__", [1], [1f])]));
        Assert.Throws<ArgumentException>(() => SafeTensorsWriter.Write(path, [("x", [-1], [])]));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Write_MissingDirectory_ThrowsDirectoryNotFoundNamingIt()
    {
        using var dir = new TempDirectory();
        string missing = dir.File("no-such-dir");
        var e = Assert.Throws<DirectoryNotFoundException>(() => SafeTensorsWriter.Write(Path.Combine(missing, "m.safetensors"), [("x", [1], [1f])]));
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void Write_MemorySlicesOfOneBuffer_WritesEachSlice()
    {
        using var dir = new TempDirectory();
        string path = dir.File("slices.safetensors");
        float[] all = TestData.Normal(10, seed: 4);
        var memory = new ReadOnlyMemory<float>(all);
        SafeTensorsWriter.Write(path, [("first", [2, 3], memory[..6]), ("second", [4], memory[6..])]);

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(all[..6], file.ReadFloat32("first"));
        Assert.Equal(all[6..], file.ReadFloat32("second"));
    }

    [Fact]
    public void ReadFloat32_TensorLargerThanOneChunk_ReadsEveryElement()
    {
        using var dir = new TempDirectory();
        string path = dir.File("big.safetensors");
        int count = (1 << 20) + 37;
        var data = TestData.Normal(count, seed: 5);
        SafeTensorsWriter.Write(path, [("big", [count], data)]);
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(data, file.ReadFloat32("big"));
    }

    [Fact]
    public void ReadFloat32_HandBuiltHalfAndBFloat16_ConvertsToExactFloats()
    {
        using var dir = new TempDirectory();
        string path = dir.File("mixed.safetensors");
        // leading and trailing whitespace around the JSON is allowed (writers pad the header)
        string header = "  {\"h\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[8,14]},"
            + "\"s\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[14,16]}}   ";
        byte[] data = [.. RawSafeTensors.UInt16s(0x3C00, 0xC100, 0x7C00, 0x0001), .. RawSafeTensors.UInt16s(0x3F80, 0x4049, 0xFF80), .. RawSafeTensors.UInt16s(0xC020)];
        File.WriteAllBytes(path, RawSafeTensors.Build(header, data));

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(SafeTensorDtype.F16, file.Tensors["h"].Dtype);
        Assert.Equal([2, 2], file.Tensors["h"].Shape);
        Assert.Equal([1f, -2.5f, float.PositiveInfinity, MathF.Pow(2, -24)], file.ReadFloat32("h"));
        Assert.Equal([1f, 3.140625f, float.NegativeInfinity], file.ReadFloat32("b"));
        Assert.Equal([-2.5f], file.ReadFloat32("s"));
        Assert.Empty(file.Tensors["s"].Shape);
    }

    [Fact]
    public void ReadFloat32_HalfTensorLargerThanOneChunk_MatchesReference()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bighalf.safetensors");
        int count = (1 << 20) + 5;
        var bits = Enumerable.Range(0, count).Select(i => (ushort)(i * 31)).ToArray();
        string header = $"{{\"h\":{{\"dtype\":\"F16\",\"shape\":[{count}],\"data_offsets\":[0,{2 * count}]}}}}";
        File.WriteAllBytes(path, RawSafeTensors.Build(header, RawSafeTensors.UInt16s(bits)));
        var expected = new float[count];
        DtypeConversion.HalfToSingleReference(bits, expected);

        using var file = SafeTensorsFile.Open(path);
        RawSafeTensors.AssertSameFloats(expected, file.ReadFloat32("h"), "F16 tensor");
    }

    [Fact]
    public void Open_NumpyWrittenFixture_MatchesItsExpectedTensors()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Models", "SafeTensors", "fixtures", "numpy_reference.safetensors");
        using var file = SafeTensorsFile.Open(path);

        Assert.Equal("pt", file.Metadata["format"]);
        foreach (string name in new[] { "f16.values", "f16.cube", "bf16.values", "bf16.matrix" })
        {
            Assert.Equal(file.Tensors[name + ".expected"].Shape, file.Tensors[name].Shape);
            RawSafeTensors.AssertSameFloats(file.ReadFloat32(name + ".expected"), file.ReadFloat32(name), name);
        }
        Assert.Equal([0L, -1L, 50256L, 1L << 62, long.MinValue], file.ReadInt64("i64.ids"));
        Assert.Equal([3L, -4L, int.MaxValue, int.MinValue], file.ReadInt64("i32.ids"));
        Assert.Equal([1L, 0, 0, 1, 1, 0, 1, 1, 1], file.ReadInt64("bool.mask"));
        Assert.Equal([-7.25f], file.ReadFloat32("f32.scalar"));
        Assert.Empty(file.Tensors["f32.scalar"].Shape);
        Assert.Empty(file.ReadFloat32("f32.empty"));
        Assert.Equal([0, 4], file.Tensors["f32.empty"].Shape);
        Assert.Equal(6, file.ReadFloat32("f32.matrix").Length);
    }

    [Fact]
    public void Open_EmptyHeaderObject_HasNoTensors()
    {
        using var dir = new TempDirectory();
        string path = dir.File("none.safetensors");
        File.WriteAllBytes(path, RawSafeTensors.Build("{}"));
        using var file = SafeTensorsFile.Open(path);
        Assert.Empty(file.Tensors);
    }

    [Fact]
    public void Open_GapsBetweenTensorsAndTrailingBytes_AreAccepted()
    {
        using var dir = new TempDirectory();
        string path = dir.File("gaps.safetensors");
        string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
            + "\"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[2,2]}}";
        File.WriteAllBytes(path, RawSafeTensors.Build(header, RawSafeTensors.Floats(1f, 99f, 2f, 99f)));
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal([2f], file.ReadFloat32("b"));
        Assert.Empty(file.ReadFloat32("e"));
    }

    [Fact]
    public void Open_UnknownEntryFieldsAndNullMetadata_AreIgnored()
    {
        using var dir = new TempDirectory();
        string path = dir.File("extra.safetensors");
        string header = "{\"__metadata__\":null,\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":[1]}}";
        File.WriteAllBytes(path, RawSafeTensors.Build(header, RawSafeTensors.Floats(5f)));
        using var file = SafeTensorsFile.Open(path);
        Assert.Empty(file.Metadata);
        Assert.Equal([5f], file.ReadFloat32("a"));
    }

    [Fact]
    public void ReadFloat32_WrongDestinationLength_ThrowsArgumentException()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        SafeTensorsWriter.Write(path, [("x", [3], [1f, 2f, 3f])]);
        using var file = SafeTensorsFile.Open(path);
        Assert.Throws<ArgumentException>(() => file.ReadFloat32("x", new float[2]));
    }

    [Fact]
    public void ReadFloat32_AfterDispose_ThrowsObjectDisposed()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        SafeTensorsWriter.Write(path, [("x", [1], [1f])]);
        var file = SafeTensorsFile.Open(path);
        file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => file.ReadFloat32("x"));
    }

    [Fact]
    public void Open_NonAsciiTensorName_RoundTrips()
    {
        using var dir = new TempDirectory();
        string path = dir.File("names.safetensors");
        string name = "блок.0/<weight>&'+";
        SafeTensorsWriter.Write(path, [(name, [1], [7f])]);
        // written unescaped, as serde_json does
        Assert.Contains(name, Encoding.UTF8.GetString(File.ReadAllBytes(path)));
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal([7f], file.ReadFloat32(name));
    }
}

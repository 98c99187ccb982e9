using ModeHop.Models.SafeTensors;

namespace ModeHop.Tests.Models.SafeTensors;

/// <summary>Every kind of damaged file must give the documented exception type with a one-line message naming the file.</summary>
public class SafeTensorsCorruptionTests
{
    static TException AssertRejected<TException>(string path, Action action, string expectedFragment) where TException : Exception
    {
        var e = Assert.Throws<TException>(action);
        Assert.Contains(Path.GetFullPath(path), e.Message);
        Assert.Contains(expectedFragment, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    static void AssertOpenRejected(byte[] bytes, string expectedFragment)
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        File.WriteAllBytes(path, bytes);
        AssertRejected<InvalidDataException>(path, () => SafeTensorsFile.Open(path).Dispose(), expectedFragment);
    }

    [Fact]
    public void Open_EmptyFile_ThrowsInvalidData() => AssertOpenRejected([], "the file is empty");

    [Fact]
    public void Open_FileShorterThanEightBytes_ThrowsInvalidData() => AssertOpenRejected([1, 0, 0, 0, 0], "only 5 bytes");

    [Fact]
    public void Open_HeaderLengthPastEnd_ThrowsInvalidData() =>
        AssertOpenRejected([.. RawSafeTensors.Length(9_999_999), .. new byte[1226]], "header length 9999999 runs past the end of the 1234-byte file");

    [Theory]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 63)]
    [InlineData(100_000_001UL)]
    public void Open_HugeHeaderLength_ThrowsInvalidData(ulong headerLength) =>
        AssertOpenRejected([.. RawSafeTensors.Length(headerLength), .. "{}"u8], $"header length {headerLength} exceeds");

    [Fact]
    public void Open_HeaderLengthOverLimitInsideLargeSparseFile_ThrowsInvalidData()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        using (var stream = File.Create(path))
        {
            stream.Write(RawSafeTensors.Length(150_000_000));
            stream.SetLength(200_000_000);
        }
        AssertRejected<InvalidDataException>(path, () => SafeTensorsFile.Open(path).Dispose(), "exceeds the format's limit of 100000000 bytes");
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    public void Open_HeaderLengthBelowTwo_ThrowsInvalidData(ulong headerLength) =>
        AssertOpenRejected([.. RawSafeTensors.Length(headerLength), .. "{}"u8], "is below 2");

    [Fact]
    public void Open_HeaderNotUtf8_ThrowsInvalidData() =>
        AssertOpenRejected(RawSafeTensors.Build([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']), "not valid UTF-8");

    [Fact]
    public void Open_TruncatedData_ThrowsInvalidData() =>
        AssertOpenRejected(RawSafeTensors.Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[10]),
            "the data buffer after the header is only 10 bytes");

    public static TheoryData<string, string, int, string> BadHeaders() => new()
    {
        { "garbage", "this is not json", 0, "not valid JSON" },
        { "trailing garbage", "{} x", 0, "not valid JSON" },
        { "trailing comma", "{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},}", 4, "not valid JSON" },
        { "array", "[1,2]", 0, "is a JSON array, expected an object" },
        { "string", "\"hi\"", 0, "is a JSON string, expected an object" },
        { "entry not object", "{\"a\":5}", 0, "tensor \"a\" is a JSON number" },
        { "missing dtype", "{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "tensor \"a\" has no \"dtype\" field" },
        { "missing shape", "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4, "tensor \"a\" has no \"shape\" field" },
        { "missing data_offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "tensor \"a\" has no \"data_offsets\" field" },
        { "unknown dtype", "{\"a\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", 16, "unknown dtype \"F128\"" },
        { "lowercase dtype", "{\"a\":{\"dtype\":\"f32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "unknown dtype \"f32\"" },
        { "dtype not string", "{\"a\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "expected a string such as \"F32\"" },
        { "negative shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "shape entry 0 = -1, expected a non-negative integer" },
        { "fractional shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4, "shape entry 0 = 1.5" },
        { "exponent shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1e0],\"data_offsets\":[0,4]}}", 4, "shape entry 0 = 1e0" },
        { "string shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}", 4, "shape entry 0 = \"1\"" },
        { "shape not array", "{\"a\":{\"dtype\":\"F32\",\"shape\":1,\"data_offsets\":[0,4]}}", 4, "expected an array of non-negative integers" },
        { "dimension too large", "{\"a\":{\"dtype\":\"U8\",\"shape\":[4294967296],\"data_offsets\":[0,4]}}", 4, "larger than ModeHop supports" },
        { "element count overflow", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,4]}}", 4, "overflows 64 bits" },
        { "byte size overflow", "{\"a\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,4],\"data_offsets\":[0,4]}}", 4, "overflows 64 bits" },
        { "length mismatch", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "(8 bytes) but dtype F32 and shape [3] need 12 bytes" },
        { "sub-byte misaligned", "{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}", 2, "do not end on a byte boundary" },
        { "offsets out of range", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 8, "data_offsets [4, 12] but the data buffer after the header is only 8 bytes" },
        { "offsets beyond int64", "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[18446744073709551615,18446744073709551615]}}", 4, "the data buffer after the header is only 4 bytes" },
        { "offsets reversed", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8, "with begin after end" },
        { "negative offset", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", 8, "data_offsets entry 0 = -4" },
        { "one offset", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}}", 8, "expected [begin, end]" },
        { "overlap", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "overlap" },
        { "same range", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "overlap" },
        { "duplicate tensor", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "names tensor \"a\" twice" },
        { "duplicate field", "{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "has the field \"dtype\" twice" },
        { "duplicate metadata", "{\"__metadata__\":{},\"__metadata__\":{}}", 0, "has the key \"__metadata__\" twice" },
        { "duplicate metadata key", "{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0, "metadata key \"k\" appears twice" },
        { "metadata not string", "{\"__metadata__\":{\"k\":1}}", 0, "metadata value \"k\" is a JSON number, expected a string" },
        { "metadata not object", "{\"__metadata__\":[\"k\"]}", 0, "expected an object of string values" },
        { "control character in name", "{\"a\\nb\":5}", 0, "tensor \"a\\u000ab\"" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void Open_BadHeader_ThrowsInvalidDataNamingFileAndProblem(string caseName, string header, int bufferLength, string expectedFragment)
    {
        Assert.False(string.IsNullOrEmpty(caseName));
        AssertOpenRejected(RawSafeTensors.Build(header, new byte[bufferLength]), expectedFragment);
    }

    [Fact]
    public void Open_MissingFile_ThrowsFileNotFound()
    {
        using var dir = new TempDirectory();
        string path = dir.File("absent.safetensors");
        var e = AssertRejected<FileNotFoundException>(path, () => SafeTensorsFile.Open(path), "no such file");
        Assert.Equal(path, e.FileName);
    }

    [Fact]
    public void Open_Directory_ThrowsFileNotFound()
    {
        using var dir = new TempDirectory();
        AssertRejected<FileNotFoundException>(dir.Path, () => SafeTensorsFile.Open(dir.Path), "is a directory");
    }

    [Fact]
    public void ReadFloat32_FileTruncatedAfterOpen_ThrowsInvalidData()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        SafeTensorsWriter.Write(path, [("a", [4], [1f, 2f, 3f, 4f]), ("b", [1000], new float[1000])]);
        using var file = SafeTensorsFile.Open(path);
        using (var writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            writer.SetLength(file.BufferStart + 100);

        Assert.Equal([1f, 2f, 3f, 4f], file.ReadFloat32("a"));
        AssertRejected<InvalidDataException>(path, () => file.ReadFloat32("b"), "truncated or overwritten while ModeHop had it open");
    }

    [Fact]
    public void ReadFloat32_UnsupportedDtype_ThrowsInvalidData()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        File.WriteAllBytes(path, RawSafeTensors.Build("{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]));
        using var file = SafeTensorsFile.Open(path);
        AssertRejected<InvalidDataException>(path, () => file.ReadFloat32("ids"), "has dtype I64");
    }

    [Fact]
    public void ReadInt64_FloatTensor_ThrowsInvalidData()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        SafeTensorsWriter.Write(path, [("w", [1], [1f])]);
        using var file = SafeTensorsFile.Open(path);
        AssertRejected<InvalidDataException>(path, () => file.ReadInt64("w"), "has dtype F32");
    }

    [Fact]
    public void ReadInt64_U64AboveInt64_ThrowsInvalidData()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        File.WriteAllBytes(path, RawSafeTensors.Build("{\"u\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[0,8]}}", [.. Enumerable.Repeat((byte)0xFF, 8)]));
        using var file = SafeTensorsFile.Open(path);
        AssertRejected<InvalidDataException>(path, () => file.ReadInt64("u"), "does not fit in an int64");
    }

    [Fact]
    public void ReadFloat32_UnknownName_ThrowsInvalidDataNamingTensor()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.safetensors");
        SafeTensorsWriter.Write(path, [("w", [1], [1f])]);
        using var file = SafeTensorsFile.Open(path);
        AssertRejected<InvalidDataException>(path, () => file.ReadFloat32("missing.weight"), "no tensor named \"missing.weight\"");
    }

    [Fact]
    public void Open_EveryTruncationOfAValidFile_ThrowsInvalidDataOrReadsCorrectly()
    {
        using var dir = new TempDirectory();
        string source = dir.File("full.safetensors");
        SafeTensorsWriter.Write(source, [("a", [3], [1f, 2f, 3f]), ("b", [2], [4f, 5f])], new Dictionary<string, string> { ["m"] = "x" });
        byte[] bytes = File.ReadAllBytes(source);
        string path = dir.File("cut.safetensors");
        for (int length = 0; length < bytes.Length; length++)
        {
            File.WriteAllBytes(path, bytes[..length]);
            var e = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(path).Dispose());
            Assert.Contains(path, e.Message);
        }
    }

    [Fact]
    public void Open_RandomByteFlips_NeverThrowsAnUndocumentedException()
    {
        using var dir = new TempDirectory();
        string source = dir.File("full.safetensors");
        SafeTensorsWriter.Write(source, [("a", [3], [1f, 2f, 3f]), ("b", [2, 1], [4f, 5f]), ("c", [], [6f])]);
        byte[] original = File.ReadAllBytes(source);
        string path = dir.File("flipped.safetensors");
        var rng = new Random(7);
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] bytes = (byte[])original.Clone();
            int flips = 1 + rng.Next(3);
            for (int f = 0; f < flips; f++)
                bytes[rng.Next(Math.Min(bytes.Length, 8 + 120))] = (byte)rng.Next(256);
            File.WriteAllBytes(path, bytes);
            try
            {
                using var file = SafeTensorsFile.Open(path);
                foreach (var info in file.Tensors.Values)
                    if (info.Dtype is SafeTensorDtype.F32 or SafeTensorDtype.F16 or SafeTensorDtype.BF16)
                        Assert.Equal(info.ElementCount, file.ReadFloat32(info.Name).Length);
            }
            catch (InvalidDataException e)
            {
                Assert.Contains(path, e.Message);
                Assert.DoesNotContain('\n', e.Message);
            }
        }
    }
}

using System.Buffers.Binary;
using System.Text;

namespace ModeHop.Tests.Models.SafeTensors;

/// <summary>A temporary directory for one test, deleted on dispose, plus raw safetensors byte builders.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("modehop-st-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on a failing test's path must not hide the test's own failure
        }
    }
}

public static class RawSafeTensors
{
    /// <summary>[u64 LE header length][header as UTF-8][data].</summary>
    public static byte[] Build(string headerJson, byte[]? data = null) => Build(Encoding.UTF8.GetBytes(headerJson), data);

    public static byte[] Build(byte[] header, byte[]? data = null) =>
        [.. Length((ulong)header.Length), .. header, .. data ?? []];

    public static byte[] Length(ulong headerLength)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength);
        return bytes;
    }

    public static byte[] Floats(params float[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    public static byte[] UInt16s(params ushort[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    /// <summary>Fails unless <paramref name="actual"/> and <paramref name="expected"/> are bit-identical, except that any NaN matches any NaN.</summary>
    public static void AssertSameFloats(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            bool same = float.IsNaN(expected[i])
                ? float.IsNaN(actual[i])
                : BitConverter.SingleToUInt32Bits(expected[i]) == BitConverter.SingleToUInt32Bits(actual[i]);
            if (!same)
                Assert.Fail($"{what}: index {i} is {actual[i]} (0x{BitConverter.SingleToUInt32Bits(actual[i]):X8}) but expected {expected[i]} (0x{BitConverter.SingleToUInt32Bits(expected[i]):X8}).");
        }
    }
}

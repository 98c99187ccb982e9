using ModeHop.Models.SafeTensors;

namespace ModeHop.Tests.Models.SafeTensors;

public class DtypeConversionTests
{
    public delegate void Conversion(ReadOnlySpan<ushort> source, Span<float> destination);

    static readonly Dictionary<string, Conversion> Conversions = new()
    {
        ["BFloat16ToSingleReference"] = DtypeConversion.BFloat16ToSingleReference,
        ["BFloat16ToSingle"] = DtypeConversion.BFloat16ToSingle,
        ["HalfToSingleReference"] = DtypeConversion.HalfToSingleReference,
        ["HalfToSingle"] = DtypeConversion.HalfToSingle,
    };

    static ushort[] AllBitPatterns(int extra = 0) => [.. Enumerable.Range(0, 65536 + extra).Select(i => (ushort)i)];

    [Fact]
    public void BFloat16ToSingle_AllBitPatterns_MatchesReferenceBitForBit()
    {
        // 65536 + 13 values so the Vector512, Vector256 and scalar tails all run
        var bits = AllBitPatterns(13);
        var expected = new float[bits.Length];
        var actual = new float[bits.Length];
        DtypeConversion.BFloat16ToSingleReference(bits, expected);
        DtypeConversion.BFloat16ToSingle(bits, actual);
        for (int i = 0; i < bits.Length; i++)
            Assert.Equal(BitConverter.SingleToUInt32Bits(expected[i]), BitConverter.SingleToUInt32Bits(actual[i]));
    }

    [Fact]
    public void HalfToSingle_AllBitPatterns_MatchesReferenceNanAware()
    {
        var bits = AllBitPatterns(13);
        var expected = new float[bits.Length];
        var actual = new float[bits.Length];
        DtypeConversion.HalfToSingleReference(bits, expected);
        DtypeConversion.HalfToSingle(bits, actual);
        RawSafeTensors.AssertSameFloats(expected, actual, "HalfToSingle vs reference");
    }

    [Fact]
    public void HalfToSingleReference_AllBitPatterns_MatchesSystemHalfNanAware()
    {
        var bits = AllBitPatterns();
        var expected = bits.Select(b => (float)BitConverter.UInt16BitsToHalf(b)).ToArray();
        var actual = new float[bits.Length];
        DtypeConversion.HalfToSingleReference(bits, actual);
        RawSafeTensors.AssertSameFloats(expected, actual, "HalfToSingleReference vs (float)Half");
    }

    [Fact]
    public void HalfToSingleReference_NanPayload_IsKeptAndSignPreserved()
    {
        ushort[] bits = [0x7E00, 0xFE01, 0x7C01];
        var actual = new float[3];
        DtypeConversion.HalfToSingleReference(bits, actual);
        Assert.Equal(0x7FC0_0000u, BitConverter.SingleToUInt32Bits(actual[0]));
        Assert.Equal(0xFFC0_2000u, BitConverter.SingleToUInt32Bits(actual[1]));
        Assert.Equal(0x7F80_2000u, BitConverter.SingleToUInt32Bits(actual[2]));
    }

    public static TheoryData<string, int> ConversionsAndLengths()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in Conversions.Keys)
            foreach (int length in new[] { 0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1000 })
                data.Add(name, length);
        return data;
    }

    [Theory]
    [MemberData(nameof(ConversionsAndLengths))]
    public void Conversion_AnyLength_ConvertsEveryElementAndNothingElse(string name, int length)
    {
        var bits = Enumerable.Range(0, length).Select(i => (ushort)(0x3C00 + i * 7)).ToArray();
        var expected = new float[length];
        if (name.StartsWith("BFloat16")) DtypeConversion.BFloat16ToSingleReference(bits, expected);
        else DtypeConversion.HalfToSingleReference(bits, expected);
        var buffer = Enumerable.Repeat(-123f, length + 2).ToArray();
        Conversions[name](bits, buffer.AsSpan(1, length));
        Assert.Equal(-123f, buffer[0]);
        Assert.Equal(-123f, buffer[^1]);
        RawSafeTensors.AssertSameFloats(expected, buffer.AsSpan(1, length), name);
    }

    public static TheoryData<string, ushort, float> KnownValues() => new()
    {
        { "BFloat16ToSingleReference", 0x3F80, 1f }, { "BFloat16ToSingle", 0x3F80, 1f },
        { "BFloat16ToSingleReference", 0xC020, -2.5f }, { "BFloat16ToSingle", 0xC020, -2.5f },
        { "BFloat16ToSingleReference", 0xFF80, float.NegativeInfinity }, { "BFloat16ToSingle", 0xFF80, float.NegativeInfinity },
        { "HalfToSingleReference", 0x3C00, 1f }, { "HalfToSingle", 0x3C00, 1f },
        { "HalfToSingleReference", 0xC100, -2.5f }, { "HalfToSingle", 0xC100, -2.5f },
        { "HalfToSingleReference", 0x7BFF, 65504f }, { "HalfToSingle", 0x7BFF, 65504f },
        { "HalfToSingleReference", 0x0001, MathF.Pow(2, -24) }, { "HalfToSingle", 0x0001, MathF.Pow(2, -24) },
        { "HalfToSingleReference", 0x83FF, -1023 * MathF.Pow(2, -24) }, { "HalfToSingle", 0x83FF, -1023 * MathF.Pow(2, -24) },
        { "HalfToSingleReference", 0x0400, MathF.Pow(2, -14) }, { "HalfToSingle", 0x0400, MathF.Pow(2, -14) },
        { "HalfToSingleReference", 0xFC00, float.NegativeInfinity }, { "HalfToSingle", 0xFC00, float.NegativeInfinity },
        { "HalfToSingleReference", 0x8000, -0f }, { "HalfToSingle", 0x8000, -0f },
    };

    [Theory]
    [MemberData(nameof(KnownValues))]
    public void Conversion_KnownBitPattern_GivesExactValue(string name, ushort bits, float expected)
    {
        var actual = new float[1];
        Conversions[name]([bits], actual);
        Assert.Equal(BitConverter.SingleToUInt32Bits(expected), BitConverter.SingleToUInt32Bits(actual[0]));
    }

    [Theory]
    [InlineData("BFloat16ToSingleReference")]
    [InlineData("BFloat16ToSingle")]
    [InlineData("HalfToSingleReference")]
    [InlineData("HalfToSingle")]
    public void Conversion_LengthMismatch_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => Conversions[name](new ushort[3], new float[4]));
    }
}

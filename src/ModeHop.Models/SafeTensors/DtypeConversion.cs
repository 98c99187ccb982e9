using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModeHop.Models.SafeTensors;

/// <summary>
/// Widening of 16-bit floats to fp32. Both conversions are exact (every F16 and BF16 value is an fp32 value).
/// Each has a scalar reference, written from the bit layouts, that the tests hold the fast version against
/// for all 65536 bit patterns.
/// </summary>
public static class DtypeConversion
{
    /// <summary>BF16 is the top half of an fp32: f32 bits = bf16 bits &lt;&lt; 16.</summary>
    public static void BFloat16ToSingleReference(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        CheckLengths(source.Length, destination.Length);
        for (int i = 0; i < source.Length; i++)
            destination[i] = BitConverter.Int32BitsToSingle(source[i] << 16);
    }

    /// <summary>As <see cref="BFloat16ToSingleReference"/>: zero-extend 16 lanes to 32 bits, shift left 16 (Vector512, then Vector256, then scalar).</summary>
    public static void BFloat16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        CheckLengths(source.Length, destination.Length);
        int n = source.Length, i = 0;
        ref ushort src = ref MemoryMarshal.GetReference(source);
        ref uint dst = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(destination));
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - Vector512<ushort>.Count; i += Vector512<ushort>.Count)
            {
                var (lower, upper) = Vector512.Widen(Vector512.LoadUnsafe(ref src, (nuint)i));
                Vector512.ShiftLeft(lower, 16).StoreUnsafe(ref dst, (nuint)i);
                Vector512.ShiftLeft(upper, 16).StoreUnsafe(ref dst, (nuint)(i + Vector512<uint>.Count));
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<ushort>.Count; i += Vector256<ushort>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
                Vector256.ShiftLeft(lower, 16).StoreUnsafe(ref dst, (nuint)i);
                Vector256.ShiftLeft(upper, 16).StoreUnsafe(ref dst, (nuint)(i + Vector256<uint>.Count));
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref dst, i) = (uint)Unsafe.Add(ref src, i) << 16;
    }

    /// <summary>
    /// IEEE binary16 (1 sign, 5 exponent bits biased by 15, 10 mantissa bits) to binary32 (8 exponent bits biased by 127,
    /// 23 mantissa bits): normal values rebias the exponent; subnormals m·2^−24 are normalised; Inf and NaN keep their
    /// mantissa (payload) shifted into place.
    /// </summary>
    public static void HalfToSingleReference(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        CheckLengths(source.Length, destination.Length);
        for (int i = 0; i < source.Length; i++)
        {
            uint h = source[i];
            uint sign = (h & 0x8000u) << 16;
            int exponent = (int)((h >> 10) & 0x1F);
            uint mantissa = h & 0x3FFu;
            uint bits;
            if (exponent == 0x1F)
                bits = sign | 0x7F80_0000u | (mantissa << 13);
            else if (exponent != 0)
                bits = sign | (uint)(exponent - 15 + 127) << 23 | (mantissa << 13);
            else if (mantissa == 0)
                bits = sign;
            else
            {
                // subnormal: value = mantissa · 2^−24; shift the leading 1 up to bit 10 (the implicit bit)
                int e = -14;
                while ((mantissa & 0x400u) == 0)
                {
                    mantissa <<= 1;
                    e--;
                }
                bits = sign | (uint)(e + 127) << 23 | ((mantissa & 0x3FFu) << 13);
            }
            destination[i] = BitConverter.UInt32BitsToSingle(bits);
        }
    }

    /// <summary>As <see cref="HalfToSingleReference"/>, vectorised by <see cref="TensorPrimitives.ConvertToSingle(ReadOnlySpan{Half}, Span{float})"/>.</summary>
    public static void HalfToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        CheckLengths(source.Length, destination.Length);
        TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<ushort, Half>(source), destination);
    }

    static void CheckLengths(int sourceLength, int destinationLength)
    {
        if (sourceLength != destinationLength)
            throw new ArgumentException($"Source has {sourceLength} values but destination has {destinationLength}; they must be equal.");
    }
}

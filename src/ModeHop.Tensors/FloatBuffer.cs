using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModeHop.Tensors;

/// <summary>
/// A view of <c>Array[Offset .. Offset + Length)</c>: the storage of a <see cref="Tensor"/> and of its gradient.
/// .NET aligns a <c>float[]</c>'s data to 8 bytes only, so a Vector512 load over it crosses a cache line on
/// most accesses; <see cref="Allocate"/> pins an array with 15 floats of slack and starts the view at its first
/// 64-byte boundary. A view over a whole array (<see cref="FloatBuffer(float[])"/>) keeps the array's alignment.
/// The default value is a null buffer (<see cref="IsNull"/>), standing where a <c>float[]?</c> was null.
/// </summary>
public readonly struct FloatBuffer : IEquatable<FloatBuffer>
{
    /// <summary>The array holding the values; null only for the default (null) buffer.</summary>
    public float[] Array { get; }

    /// <summary>Index in <see cref="Array"/> of the first value.</summary>
    public int Offset { get; }

    /// <summary>Number of values.</summary>
    public int Length { get; }

    /// <summary>A view over all of <paramref name="array"/> (offset 0, alignment as the runtime gave it).</summary>
    public FloatBuffer(float[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        Array = array;
        Offset = 0;
        Length = array.Length;
    }

    /// <summary>A view over <paramref name="array"/>[<paramref name="offset"/> .. <paramref name="offset"/> + <paramref name="length"/>).</summary>
    public FloatBuffer(float[] array, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(array);
        if ((uint)offset > (uint)array.Length || (uint)length > (uint)(array.Length - offset))
            throw new ArgumentOutOfRangeException(nameof(length), $"A view [{offset}, {offset}+{length}) does not fit in an array of {array.Length} floats.");
        Array = array;
        Offset = offset;
        Length = length;
    }

    // 64 bytes = 16 floats: an array of length + 15 always holds a 64-byte boundary followed by length floats.
    const int AlignFloats = 16;

    /// <summary>
    /// A buffer of <paramref name="length"/> floats whose first value is 64-byte aligned, on the pinned object heap
    /// (so the alignment holds for its lifetime); zero-filled when <paramref name="zero"/>, else undefined.
    /// </summary>
    public static unsafe FloatBuffer Allocate(int length, bool zero)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0) return new FloatBuffer([]);
        int total = checked(length + AlignFloats - 1);
        float[] array = zero
            ? GC.AllocateArray<float>(total, pinned: true)
            : GC.AllocateUninitializedArray<float>(total, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref array[0]);
        int offset = (int)(((-address) & 63) / sizeof(float));
        return new FloatBuffer(array, offset, length);
    }

    /// <summary>True for the default value, which has no array.</summary>
    public bool IsNull => Array is null;

    public Span<float> Span => new(Array, Offset, Length);

    public Memory<float> Memory => new(Array, Offset, Length);

    /// <summary>Value <paramref name="i"/>, bounds-checked against <see cref="Length"/>.</summary>
    public ref float this[int i] => ref Span[i];

    public Span<float> AsSpan() => Span;

    public Span<float> AsSpan(int start) => Span[start..];

    public Span<float> AsSpan(int start, int length) => Span.Slice(start, length);

    /// <summary>The first value, for <c>fixed (float* p = buffer)</c>; a null reference when empty, as for a span.</summary>
    public ref float GetPinnableReference() => ref Span.GetPinnableReference();

    public void CopyTo(Span<float> destination) => Span.CopyTo(destination);

    public void Clear() => Span.Clear();

    /// <summary>A new array holding a copy of the values.</summary>
    public float[] ToArray() => Span.ToArray();

    public Span<float>.Enumerator GetEnumerator() => Span.GetEnumerator();

    public static implicit operator Span<float>(FloatBuffer buffer) => buffer.Span;

    public static implicit operator ReadOnlySpan<float>(FloatBuffer buffer) => buffer.Span;

    public static implicit operator Memory<float>(FloatBuffer buffer) => buffer.Memory;

    public static implicit operator ReadOnlyMemory<float>(FloatBuffer buffer) => buffer.Memory;

    /// <summary>The same view of the same array: identity, not a comparison of values (compare <see cref="Span"/>s for that).</summary>
    public bool Equals(FloatBuffer other) => ReferenceEquals(Array, other.Array) && Offset == other.Offset && Length == other.Length;

    public override bool Equals(object? obj) => obj is FloatBuffer other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(Array), Offset, Length);

    public static bool operator ==(FloatBuffer left, FloatBuffer right) => left.Equals(right);

    public static bool operator !=(FloatBuffer left, FloatBuffer right) => !left.Equals(right);
}

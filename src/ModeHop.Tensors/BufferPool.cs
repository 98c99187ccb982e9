namespace ModeHop.Tensors;

/// <summary>
/// Recycles float buffers by exact length. A training step asks for the same sizes every step,
/// so after the first step the forward and backward passes allocate nothing. Every buffer is
/// 64-byte aligned (<see cref="FloatBuffer.Allocate"/>).
/// </summary>
public sealed class BufferPool
{
    readonly Dictionary<int, Stack<FloatBuffer>> free = new();
    readonly List<FloatBuffer> lent = new();

    /// <summary>A buffer of exactly <paramref name="length"/> floats; zero-filled when <paramref name="zero"/>.</summary>
    public FloatBuffer Rent(int length, bool zero)
    {
        FloatBuffer buffer;
        if (free.TryGetValue(length, out var stack) && stack.Count > 0)
        {
            buffer = stack.Pop();
            if (zero) buffer.Clear();
        }
        else
        {
            buffer = FloatBuffer.Allocate(length, zero);
        }
        lent.Add(buffer);
        return buffer;
    }

    /// <summary>Takes back every buffer lent since the last call.</summary>
    public void ReturnAll()
    {
        foreach (var buffer in lent)
        {
            if (!free.TryGetValue(buffer.Length, out var stack))
                free[buffer.Length] = stack = new Stack<FloatBuffer>();
            stack.Push(buffer);
        }
        lent.Clear();
    }

    /// <summary>Floats held, lent or free.</summary>
    public long HeldFloats => lent.Sum(b => (long)b.Length) + FreeFloats;

    long FreeFloats => free.Values.Sum(s => s.Sum(b => (long)b.Length));

    /// <summary>Drops every free buffer (lent ones stay with their tensors); returns the floats dropped.</summary>
    public long Trim()
    {
        long dropped = FreeFloats;
        free.Clear();
        return dropped;
    }
}

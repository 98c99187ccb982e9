namespace ModeHop.Tensors;

/// <summary>
/// Recycles float buffers by exact length. A training step asks for the same sizes every step,
/// so after the first step the forward and backward passes allocate nothing.
/// </summary>
public sealed class BufferPool
{
    readonly Dictionary<int, Stack<float[]>> free = new();
    readonly List<float[]> lent = new();

    /// <summary>A buffer of exactly <paramref name="length"/> floats; zero-filled when <paramref name="zero"/>.</summary>
    public float[] Rent(int length, bool zero)
    {
        float[] buffer;
        if (free.TryGetValue(length, out var stack) && stack.Count > 0)
        {
            buffer = stack.Pop();
            if (zero) Array.Clear(buffer);
        }
        else
        {
            buffer = zero ? new float[length] : GC.AllocateUninitializedArray<float>(length);
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
                free[buffer.Length] = stack = new Stack<float[]>();
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

namespace ModeHop.Tensors;

/// <summary>
/// A dense fp32 tensor in row-major (C) order, with an optional gradient of the same shape.
/// Parameters own their buffers; intermediates created by a <see cref="Tape"/> borrow pooled
/// buffers that return to the pool on <see cref="Tape.Reset"/>.
/// </summary>
public sealed class Tensor
{
    /// <summary>The values, exactly <see cref="Size"/> long; 64-byte aligned when allocated here or by a tape.</summary>
    public FloatBuffer Data { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>Product of <see cref="Shape"/>.</summary>
    public int Size => Data.Length;

    /// <summary>True for parameters and for every tensor computed from one on a recording tape.</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>Optional name (parameters carry their internal name).</summary>
    public string? Name { get; set; }

    FloatBuffer grad;

    // True after ZeroGrad until the gradient is first touched: the buffer then holds stale values that
    // stand for zeros. Reading Grad clears it; a tape's first full write (GradForWrite) skips the clear.
    bool gradStale;

    /// <summary>True when the buffer was lent by a tape's pool (the gradient then comes from the pool too).</summary>
    internal bool Pooled { get; init; }

    /// <summary>A tensor over all of <paramref name="data"/> (not copied; its alignment is the runtime's).</summary>
    public Tensor(float[] data, int[] shape, bool requiresGrad = false, string? name = null)
        : this(new FloatBuffer(data), shape, requiresGrad, name) { }

    /// <summary>A tensor over the view <paramref name="data"/> (not copied).</summary>
    public Tensor(FloatBuffer data, int[] shape, bool requiresGrad = false, string? name = null)
    {
        if (data.IsNull) throw new ArgumentNullException(nameof(data), $"Tensor {name ?? "(unnamed)"}: no buffer.");
        long size = SizeOf(shape);
        if (size != data.Length)
            throw new ArgumentException($"Tensor {name ?? "(unnamed)"}: shape [{string.Join(",", shape)}] holds {size} values but the buffer has {data.Length}.");
        Data = data;
        Shape = shape;
        RequiresGrad = requiresGrad;
        Name = name;
    }

    /// <summary>A zero-filled tensor, 64-byte aligned.</summary>
    public static Tensor Zeros(params int[] shape) => new(FloatBuffer.Allocate(checked((int)SizeOf(shape)), zero: true), (int[])shape.Clone());

    /// <summary>A parameter: owns its buffer and its gradient.</summary>
    public static Tensor Parameter(string name, params int[] shape)
    {
        var t = Zeros(shape);
        t.Name = name;
        t.RequiresGrad = true;
        return t;
    }

    public Span<float> Span => Data;

    /// <summary>True once a gradient buffer exists.</summary>
    public bool HasGrad => !grad.IsNull;

    /// <summary>The gradient buffer, created zero-filled on first use (and cleared first after <see cref="ZeroGrad"/>).</summary>
    public FloatBuffer Grad
    {
        get
        {
            if (grad.IsNull) return grad = FloatBuffer.Allocate(Data.Length, zero: true);
            if (gradStale)
            {
                grad.Clear();
                gradStale = false;
            }
            return grad;
        }
    }

    /// <summary>
    /// The gradient buffer for a caller that overwrites every element: <paramref name="overwrite"/> is true
    /// when the gradient is logically zero, so the caller may write instead of add and the clear is saved.
    /// </summary>
    internal FloatBuffer GradForWrite(out bool overwrite)
    {
        overwrite = grad.IsNull || gradStale;
        if (grad.IsNull) grad = FloatBuffer.Allocate(Data.Length, zero: false);
        gradStale = false;
        return grad;
    }

    /// <summary>Attaches a gradient buffer (pooled, zeroed by the caller).</summary>
    internal void AttachGrad(FloatBuffer buffer) => grad = buffer;

    /// <summary>The gradient buffer as it is, a null buffer (<see cref="FloatBuffer.IsNull"/>) when there is none.</summary>
    internal FloatBuffer GradOrNull => grad;

    /// <summary>
    /// Sets the gradient to zero. The clear is deferred: the next reader of <see cref="Grad"/> clears the
    /// buffer, and an op that overwrites the whole gradient (a linear layer's dW) skips it.
    /// </summary>
    public void ZeroGrad()
    {
        if (!grad.IsNull) gradStale = true;
    }

    /// <summary>Size of dimension <paramref name="axis"/>; negative counts from the end.</summary>
    public int Dim(int axis) => Shape[axis < 0 ? Shape.Length + axis : axis];

    /// <summary>Product of all dimensions but the last.</summary>
    public int Rows => Shape.Length == 0 ? 1 : Size / Shape[^1];

    public static long SizeOf(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension {d} in a shape.");
            n *= d;
        }
        return n;
    }

    public override string ToString() => $"{Name ?? "tensor"}[{string.Join(",", Shape)}]";
}

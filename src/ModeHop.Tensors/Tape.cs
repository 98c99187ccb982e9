namespace ModeHop.Tensors;

/// <summary>
/// Records one backward rule per op as the forward pass runs; <see cref="Backward"/> replays them
/// in reverse. Intermediates and their gradients come from a <see cref="BufferPool"/> and go back
/// to it on <see cref="Reset"/>, so a tape reused step after step stops allocating.
/// </summary>
public sealed class Tape
{
    readonly List<Action> rules = new();
    readonly BufferPool pool = new();

    /// <summary>When false, ops compute values only (inference, scoring).</summary>
    public bool Recording { get; set; } = true;

    /// <summary>Number of backward rules recorded since the last reset.</summary>
    public int Count => rules.Count;

    /// <summary>A new intermediate of the given shape. Its values are undefined unless <paramref name="zero"/>.</summary>
    public Tensor NewTensor(int[] shape, bool zero = false)
    {
        long size = Tensor.SizeOf(shape);
        if (size > Array.MaxLength) throw new ArgumentException($"Tensor of shape [{string.Join(",", shape)}] is too large.");
        return new Tensor(pool.Rent((int)size, zero), shape) { Pooled = true };
    }

    /// <summary>A new intermediate computed from <paramref name="inputs"/>: it needs a gradient when any input does.</summary>
    public Tensor NewOutput(int[] shape, params ReadOnlySpan<Tensor?> inputs)
    {
        var t = NewTensor(shape);
        if (Recording)
            foreach (var input in inputs)
                if (input is { RequiresGrad: true }) { t.RequiresGrad = true; break; }
        return t;
    }

    /// <summary>The gradient buffer of a tensor: a parameter's own, or for an intermediate one rented zero-filled from the pool on first use.</summary>
    public FloatBuffer GradOf(Tensor t)
    {
        if (!t.Pooled) return t.Grad;
        var g = t.GradOrNull;
        if (g.IsNull)
        {
            g = pool.Rent(t.Size, zero: true);
            t.AttachGrad(g);
        }
        return g;
    }

    /// <summary>
    /// The gradient buffer of a tensor for an op that writes all of it: when <paramref name="overwrite"/>
    /// is true the gradient is still zero and the op stores its result instead of adding it.
    /// </summary>
    public FloatBuffer GradForWrite(Tensor t, out bool overwrite)
    {
        if (!t.Pooled) return t.GradForWrite(out overwrite);
        var g = t.GradOrNull;
        overwrite = g.IsNull;
        if (g.IsNull)
        {
            g = pool.Rent(t.Size, zero: false);
            t.AttachGrad(g);
        }
        return g;
    }

    /// <summary>
    /// grad(t) += <paramref name="g"/>. A first contribution (to an intermediate, or to a parameter after
    /// <see cref="Tensor.ZeroGrad"/>) is copied, which saves zero-filling the buffer and reading it back.
    /// </summary>
    public void AccumulateGrad(Tensor t, ReadOnlySpan<float> g)
    {
        if (g.Length != t.Size) throw new ArgumentException($"Gradient has {g.Length} values, {t} has {t.Size}.");
        var grad = GradForWrite(t, out bool overwrite);
        if (overwrite) Kernels.VectorLoops.Copy(g, grad);
        else Kernels.VectorLoops.Add(grad, g, grad);
    }

    /// <summary>
    /// Gives the intermediate <paramref name="input"/>, when it has no gradient yet, <paramref name="output"/>'s gradient
    /// buffer as its own, the same values as a first <see cref="AccumulateGrad"/> without the copy. Only for a rule whose
    /// output gradient is dY = dInput and is not read again: later contributions to the input's gradient land in the
    /// shared buffer. Returns false (nothing done) otherwise.
    /// </summary>
    public bool TryShareGrad(Tensor output, Tensor input)
    {
        if (!input.Pooled || !output.Pooled || !input.GradOrNull.IsNull || ReferenceEquals(input, output)) return false;
        input.AttachGrad(GradOf(output));
        return true;
    }

    /// <summary>
    /// dInput += dOutput for a rule whose output gradient passes to <paramref name="input"/> unchanged and is not read
    /// again: <see cref="TryShareGrad"/> when it can, <see cref="AccumulateGrad"/> otherwise.
    /// </summary>
    public void ShareOrAccumulateGrad(Tensor output, Tensor input)
    {
        if (!TryShareGrad(output, input)) AccumulateGrad(input, GradOf(output));
    }

    /// <summary>Records a backward rule when the output takes part in differentiation.</summary>
    public void Record(Tensor output, Action backward)
    {
        if (Recording && output.RequiresGrad) rules.Add(backward);
    }

    /// <summary>
    /// Back-propagates from <paramref name="output"/>: its gradient is set to <paramref name="seed"/>
    /// (or 1 for a scalar) and every recorded rule runs in reverse order.
    /// </summary>
    public void Backward(Tensor output, ReadOnlySpan<float> seed = default)
    {
        var g = GradOf(output);
        if (seed.IsEmpty)
        {
            if (output.Size != 1) throw new ArgumentException($"Backward from {output} needs a seed gradient: it is not a scalar.");
            g[0] = 1f;
        }
        else
        {
            if (seed.Length != output.Size) throw new ArgumentException($"Seed gradient has {seed.Length} values, {output} has {output.Size}.");
            seed.CopyTo(g);
        }
        for (int i = rules.Count - 1; i >= 0; i--) rules[i]();
    }

    /// <summary>Forgets the recorded rules and takes back every pooled buffer (values and gradients).</summary>
    public void Reset()
    {
        rules.Clear();
        pool.ReturnAll();
    }

    /// <summary>
    /// Drops the pool's free buffers and returns the floats dropped: for a tape reused across passes whose shapes
    /// change (inference batches), whose old sizes would otherwise stay pooled.
    /// </summary>
    public long Trim() => pool.Trim();

    /// <summary>Floats held by the pool.</summary>
    public long PooledFloats => pool.HeldFloats;
}

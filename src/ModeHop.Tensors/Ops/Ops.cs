namespace ModeHop.Tensors.Ops;

/// <summary>
/// The differentiable ops. Each lives in its own file (<c>Ops.Name.cs</c>): the forward computes
/// through a fast kernel and records one backward rule on the tape. Backward rules accumulate into
/// input gradients (+=), because a tensor may feed several ops (the residual stream does).
/// </summary>
public static partial class Ops
{
    static void CheckLast(Tensor t, int size, string what)
    {
        if (t.Shape.Length == 0 || t.Shape[^1] != size)
            throw new ArgumentException($"{what}: expected last dimension {size}, got {t}.");
    }

    static int[] WithLast(int[] shape, int last)
    {
        var s = (int[])shape.Clone();
        s[^1] = last;
        return s;
    }

    static void CheckSameShape(Tensor a, Tensor b, string what)
    {
        if (!a.Shape.AsSpan().SequenceEqual(b.Shape))
            throw new ArgumentException($"{what}: shapes differ, {a} and {b}.");
    }
}

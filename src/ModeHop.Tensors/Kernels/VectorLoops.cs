using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>An elementwise function y = f(x) on 16 lanes at once.</summary>
internal interface IVectorMap
{
    static abstract Vector512<float> Apply(Vector512<float> x);
}

/// <summary>The backward of an elementwise function: dX contribution = f'(x)·dOut on 16 lanes at once.</summary>
internal interface IVectorGrad
{
    static abstract Vector512<float> Apply(Vector512<float> x, Vector512<float> dOut);
}

/// <summary>
/// Drivers for elementwise kernels: whole <see cref="Vector512{T}"/> steps, then the last partial
/// step through a padded 16-float buffer, so every element goes through the same vector code.
/// Parallel over chunks of <see cref="Chunking.TargetFloats"/> elements.
/// </summary>
internal static unsafe class VectorLoops
{
    /// <summary>y[i] = f(x[i]).</summary>
    public static void Map<TMap>(ReadOnlySpan<float> x, Span<float> y) where TMap : struct, IVectorMap
    {
        if (y.Length != x.Length) throw new ArgumentException($"Output has {y.Length} values, input {x.Length}.");
        fixed (float* px = x, py = y)
        {
            var body = new MapBody<TMap> { X = px, Y = py, Length = x.Length };
            WorkerPool.Shared.For(Chunking.ChunkCount(x.Length, Chunking.TargetFloats), ref body);
        }
    }

    /// <summary>dX[i] += f'(x[i])·dOut[i], or dX[i] = f'(x[i])·dOut[i] when not <paramref name="accumulate"/>.</summary>
    public static void Grad<TGrad>(ReadOnlySpan<float> x, ReadOnlySpan<float> dOut, Span<float> dX, bool accumulate) where TGrad : struct, IVectorGrad
    {
        if (dOut.Length != x.Length || dX.Length != x.Length)
            throw new ArgumentException($"Gradient lengths {dOut.Length} and {dX.Length} differ from the input's {x.Length}.");
        fixed (float* px = x, pd = dOut, pdx = dX)
        {
            var body = new GradBody<TGrad> { X = px, DOut = pd, DX = pdx, Length = x.Length, Accumulate = accumulate };
            WorkerPool.Shared.For(Chunking.ChunkCount(x.Length, Chunking.TargetFloats), ref body);
        }
    }

    /// <summary>y[i] = a[i], in parallel.</summary>
    public static void Copy(ReadOnlySpan<float> a, Span<float> y) => Add(a, default, y);

    /// <summary>y[i] = a[i] + b[i] (y may be a or b), or y[i] = a[i] when <paramref name="b"/> is empty: parallel copies and adds.</summary>
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        if (y.Length != a.Length || (!b.IsEmpty && b.Length != a.Length))
            throw new ArgumentException($"Add: lengths {a.Length}, {b.Length} and {y.Length} differ.");
        fixed (float* pa = a, pb = b, py = y)
        {
            var body = new AddBody { A = pa, B = b.IsEmpty ? null : pb, Y = py, Length = a.Length };
            WorkerPool.Shared.For(Chunking.ChunkCount(a.Length, Chunking.TargetFloats), ref body);
        }
    }

    struct AddBody : IParallelBody
    {
        public float* A, B, Y; // B is null for a copy
        public int Length;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int start = index * Chunking.TargetFloats, n = Math.Min(Chunking.TargetFloats, Length - start);
            var a = new ReadOnlySpan<float>(A + start, n);
            var y = new Span<float>(Y + start, n);
            if (B == null) a.CopyTo(y);
            else System.Numerics.Tensors.TensorPrimitives.Add(a, new ReadOnlySpan<float>(B + start, n), y);
        }
    }

    /// <summary>Loads the first <paramref name="count"/> (&lt; 16) floats at p, the other lanes set to <paramref name="pad"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadTail(float* p, int count, float pad)
    {
        var v = Vector512.Create(pad);
        float* lanes = (float*)&v;
        for (int i = 0; i < count; i++) lanes[i] = p[i];
        return v;
    }

    /// <summary>Stores the first <paramref name="count"/> (&lt; 16) lanes of v at p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreTail(Vector512<float> v, float* p, int count)
    {
        float* lanes = (float*)&v;
        for (int i = 0; i < count; i++) p[i] = lanes[i];
    }

    struct MapBody<TMap> : IParallelBody where TMap : struct, IVectorMap
    {
        public float* X, Y;
        public int Length;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int start = index * Chunking.TargetFloats, n = Math.Min(Chunking.TargetFloats, Length - start);
            float* x = X + start, y = Y + start;
            int i = 0;
            for (; i <= n - 16; i += 16) TMap.Apply(Vector512.Load(x + i)).Store(y + i);
            if (i < n) StoreTail(TMap.Apply(LoadTail(x + i, n - i, 0f)), y + i, n - i);
        }
    }

    struct GradBody<TGrad> : IParallelBody where TGrad : struct, IVectorGrad
    {
        public float* X, DOut, DX;
        public int Length;
        public bool Accumulate;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int start = index * Chunking.TargetFloats, n = Math.Min(Chunking.TargetFloats, Length - start);
            float* x = X + start, d = DOut + start, dx = DX + start;
            int i = 0;
            if (Accumulate)
                for (; i <= n - 16; i += 16)
                    (Vector512.Load(dx + i) + TGrad.Apply(Vector512.Load(x + i), Vector512.Load(d + i))).Store(dx + i);
            else
                for (; i <= n - 16; i += 16)
                    TGrad.Apply(Vector512.Load(x + i), Vector512.Load(d + i)).Store(dx + i);
            if (i < n)
            {
                int m = n - i;
                var g = TGrad.Apply(LoadTail(x + i, m, 0f), LoadTail(d + i, m, 0f));
                StoreTail(Accumulate ? LoadTail(dx + i, m, 0f) + g : g, dx + i, m);
            }
        }
    }
}

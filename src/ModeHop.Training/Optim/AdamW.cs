using System.Runtime.Intrinsics;
using ModeHop.Tensors;
using ModeHop.Tensors.Threading;

namespace ModeHop.Training.Optim;

/// <summary>AdamW settings; the defaults are nanoGPT's for small models.</summary>
public sealed record AdamWOptions
{
    public float Beta1 { get; init; } = 0.9f;
    public float Beta2 { get; init; } = 0.95f;
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>Decoupled weight decay, applied to matrices and embeddings only (tensors of rank ≥ 2).</summary>
    public float WeightDecay { get; init; } = 0.1f;
}

/// <summary>
/// AdamW with decoupled weight decay (Loshchilov &amp; Hutter), in PyTorch's exact order:
/// p ← p·(1 − lr·wd); m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
/// p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε).
/// The moments are optimiser state, saved in lab checkpoints.
/// </summary>
public sealed class AdamW
{
    readonly IReadOnlyList<Tensor> parameters;
    readonly FloatBuffer[] m, v; // 64-byte aligned, as the parameters and gradients they are updated with

    public AdamWOptions Options { get; }

    /// <summary>Updates taken so far (t in the bias corrections).</summary>
    public long Step { get; set; }

    public AdamW(IReadOnlyList<Tensor> parameters, AdamWOptions options)
    {
        this.parameters = parameters;
        Options = options;
        m = parameters.Select(p => FloatBuffer.Allocate(p.Size, zero: true)).ToArray();
        v = parameters.Select(p => FloatBuffer.Allocate(p.Size, zero: true)).ToArray();
        Chunks = new ParameterChunks(parameters);
    }

    public IReadOnlyList<Tensor> Parameters => parameters;

    /// <summary>The parameters cut into the chunks the update runs in parallel (shared with the gradient norm).</summary>
    public ParameterChunks Chunks { get; }

    /// <summary>First moment of parameter i.</summary>
    public FloatBuffer FirstMoment(int i) => m[i];

    /// <summary>Second moment of parameter i.</summary>
    public FloatBuffer SecondMoment(int i) => v[i];

    public static bool Decays(Tensor p) => p.Shape.Length >= 2;

    /// <summary>Forgets the moments and the step count: afterwards the optimiser updates exactly as a new one would.</summary>
    public void Reset()
    {
        foreach (var moment in m) moment.Clear();
        foreach (var moment in v) moment.Clear();
        Step = 0;
    }

    /// <summary>
    /// One update of every parameter at learning rate <paramref name="lr"/> from its gradient times
    /// <paramref name="gradScale"/> (the clipping coefficient: g·s is rounded to float first, exactly as if
    /// the gradients had been scaled in place beforehand).
    /// </summary>
    public void Update(float lr, float gradScale = 1f)
    {
        Step++;
        Chunks.SettleGradients();
        var body = new UpdateBody(this, lr, gradScale, useReference: false);
        WorkerPool.Shared.For(Chunks.Count, ref body);
    }

    /// <summary>The same update with plain scalar loops (the oracle for the vectorised one).</summary>
    internal void UpdateReference(float lr, float gradScale = 1f)
    {
        Step++;
        Chunks.SettleGradients();
        var body = new UpdateBody(this, lr, gradScale, useReference: true);
        for (int i = 0; i < Chunks.Count; i++) body.Run(i);
    }

    readonly struct UpdateBody : IParallelBody
    {
        readonly AdamW owner;
        readonly float lr, gradScale, decayFactor, stepSize, invSqrtBc2;
        readonly bool reference;

        public UpdateBody(AdamW owner, float lr, float gradScale, bool useReference)
        {
            this.owner = owner;
            this.lr = lr;
            this.gradScale = gradScale;
            reference = useReference;
            var o = owner.Options;
            decayFactor = 1f - lr * o.WeightDecay;
            double bc1 = 1 - Math.Pow(o.Beta1, owner.Step), bc2 = 1 - Math.Pow(o.Beta2, owner.Step);
            stepSize = (float)(lr / bc1);
            invSqrtBc2 = (float)(1 / Math.Sqrt(bc2));
        }

        public void Run(int index)
        {
            var (pi, start, length) = owner.Chunks[index];
            var p = owner.parameters[pi];
            var o = owner.Options;
            float decay = Decays(p) ? decayFactor : 1f;
            var w = p.Data.AsSpan(start, length);
            var g = p.Grad.AsSpan(start, length);
            var m = owner.m[pi].AsSpan(start, length);
            var v = owner.v[pi].AsSpan(start, length);
            if (reference) Scalar(w, g, m, v, gradScale, decay, o.Beta1, o.Beta2, o.Epsilon, stepSize, invSqrtBc2, 0);
            else Vectorized(w, g, m, v, gradScale, decay, o.Beta1, o.Beta2, o.Epsilon, stepSize, invSqrtBc2);
        }

        static void Scalar(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float gradScale,
            float decay, float b1, float b2, float eps, float stepSize, float invSqrtBc2, int from)
        {
            for (int i = from; i < w.Length; i++)
            {
                float gi = g[i] * gradScale;
                float wi = w[i] * decay;
                float mi = b1 * m[i] + (1f - b1) * gi;
                float vi = b2 * v[i] + (1f - b2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                w[i] = wi - stepSize * (mi / (MathF.Sqrt(vi) * invSqrtBc2 + eps));
            }
        }

        static void Vectorized(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float gradScale,
            float decay, float b1, float b2, float eps, float stepSize, float invSqrtBc2)
        {
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var vScale = Vector512.Create(gradScale);
                var vDecay = Vector512.Create(decay);
                var vB1 = Vector512.Create(b1);
                var vB1c = Vector512.Create(1f - b1);
                var vB2 = Vector512.Create(b2);
                var vB2c = Vector512.Create(1f - b2);
                var vEps = Vector512.Create(eps);
                var vStep = Vector512.Create(stepSize);
                var vBc2 = Vector512.Create(invSqrtBc2);
                for (; i <= w.Length - 16; i += 16)
                {
                    var gi = Vector512.Create(g.Slice(i, 16)) * vScale;
                    var wi = Vector512.Create(w.Slice(i, 16)) * vDecay;
                    var mi = vB1 * Vector512.Create(m.Slice(i, 16)) + vB1c * gi;
                    var vi = vB2 * Vector512.Create(v.Slice(i, 16)) + vB2c * gi * gi;
                    mi.CopyTo(m.Slice(i, 16));
                    vi.CopyTo(v.Slice(i, 16));
                    (wi - vStep * (mi / (Vector512.Sqrt(vi) * vBc2 + vEps))).CopyTo(w.Slice(i, 16));
                }
            }
            Scalar(w, g, m, v, gradScale, decay, b1, b2, eps, stepSize, invSqrtBc2, i);
        }
    }
}

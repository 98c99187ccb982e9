using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// SwiGLU of the Llama MLP on a fused projection. R = rows, I = intermediate size.
/// Each row of gateUp[R, 2I] holds the gate (gate_proj, first I) then up (up_proj, last I):
/// y[r, i] = silu(g)·u with g = gateUp[r, i], u = gateUp[r, I + i].
/// Backward: dG += dY·u·silu'(g), dU += dY·silu(g).
/// </summary>
public static unsafe class SwiGluKernel
{
    public static void ForwardReference(ReadOnlySpan<float> gateUp, int rows, Span<float> output)
    {
        int R = rows, I = output.Length / Math.Max(1, R);
        for (int r = 0; r < R; r++)
            for (int i = 0; i < I; i++)
            {
                double g = gateUp[r * 2 * I + i], u = gateUp[r * 2 * I + I + i];
                output[r * I + i] = (float)(g / (1 + Math.Exp(-g)) * u);
            }
    }

    public static void BackwardReference(ReadOnlySpan<float> gateUp, ReadOnlySpan<float> dOut, int rows, Span<float> dGateUp)
    {
        int R = rows, I = dOut.Length / Math.Max(1, R);
        for (int r = 0; r < R; r++)
            for (int i = 0; i < I; i++)
            {
                double g = gateUp[r * 2 * I + i], u = gateUp[r * 2 * I + I + i], dy = dOut[r * I + i];
                double s = 1 / (1 + Math.Exp(-g));
                dGateUp[r * 2 * I + i] += (float)(dy * u * s * (1 + g * (1 - s)));
                dGateUp[r * 2 * I + I + i] += (float)(dy * g * s);
            }
    }

    /// <param name="gateUp">[R, 2I]</param>
    /// <param name="output">[R, I]</param>
    public static void Forward(ReadOnlySpan<float> gateUp, int rows, Span<float> output)
    {
        int I = Check(gateUp.Length, output.Length, rows);
        fixed (float* pg = gateUp, py = output)
        {
            var body = new ForwardBody { GateUp = pg, Out = py, Rows = rows, Inner = I, RowsPerChunk = Chunking.RowsPerChunk(2 * I) };
            WorkerPool.Shared.For(Chunking.ChunkCount(rows, body.RowsPerChunk), ref body);
        }
    }

    /// <param name="gateUp">[R, 2I]</param>
    /// <param name="dOut">[R, I]</param>
    /// <param name="dGateUp">[R, 2I], accumulated</param>
    public static void Backward(ReadOnlySpan<float> gateUp, ReadOnlySpan<float> dOut, int rows, Span<float> dGateUp)
    {
        int I = Check(gateUp.Length, dOut.Length, rows);
        if (dGateUp.Length != gateUp.Length) throw new ArgumentException($"SwiGLU: dGateUp has {dGateUp.Length} values, gateUp {gateUp.Length}.");
        fixed (float* pg = gateUp, pd = dOut, pdg = dGateUp)
        {
            var body = new BackwardBody { GateUp = pg, DOut = pd, DGateUp = pdg, Rows = rows, Inner = I, RowsPerChunk = Chunking.RowsPerChunk(3 * I) };
            WorkerPool.Shared.For(Chunking.ChunkCount(rows, body.RowsPerChunk), ref body);
        }
    }

    static int Check(int gateUpLength, int outLength, int rows)
    {
        if (rows <= 0 || gateUpLength != 2 * outLength || outLength % rows != 0)
            throw new ArgumentException($"SwiGLU: gateUp has {gateUpLength} values and the output {outLength} for {rows} rows; expected [R, 2I] and [R, I].");
        return outLength / rows;
    }

    struct ForwardBody : IParallelBody
    {
        public float* GateUp, Out;
        public int Rows, Inner, RowsPerChunk;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int I = Inner, r0 = index * RowsPerChunk, r1 = Math.Min(Rows, r0 + RowsPerChunk);
            for (int r = r0; r < r1; r++)
            {
                float* g = GateUp + (long)r * 2 * I, u = g + I, y = Out + (long)r * I;
                int i = 0;
                for (; i <= I - 16; i += 16)
                    (SiluKernel.Apply(Vector512.Load(g + i)) * Vector512.Load(u + i)).Store(y + i);
                if (i < I)
                {
                    int n = I - i;
                    VectorLoops.StoreTail(SiluKernel.Apply(VectorLoops.LoadTail(g + i, n, 0f)) * VectorLoops.LoadTail(u + i, n, 0f), y + i, n);
                }
            }
        }
    }

    // One sigmoid serves both: silu(g) = g·s and silu'(g) = s·(1 + g·(1 − s)), s = σ(g).
    static (Vector512<float> DGate, Vector512<float> DUp) Grad(Vector512<float> g, Vector512<float> u, Vector512<float> dy)
    {
        var s = FloatMath.Sigmoid(g, out var complement);
        var slope = s * Vector512.FusedMultiplyAdd(g, complement, Vector512<float>.One);
        return (dy * u * slope, dy * g * s);
    }

    struct BackwardBody : IParallelBody
    {
        public float* GateUp, DOut, DGateUp;
        public int Rows, Inner, RowsPerChunk;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public void Run(int index)
        {
            int I = Inner, r0 = index * RowsPerChunk, r1 = Math.Min(Rows, r0 + RowsPerChunk);
            for (int r = r0; r < r1; r++)
            {
                float* g = GateUp + (long)r * 2 * I, u = g + I, dy = DOut + (long)r * I;
                float* dg = DGateUp + (long)r * 2 * I, du = dg + I;
                int i = 0;
                for (; i <= I - 16; i += 16)
                {
                    var (dgv, duv) = Grad(Vector512.Load(g + i), Vector512.Load(u + i), Vector512.Load(dy + i));
                    (Vector512.Load(dg + i) + dgv).Store(dg + i);
                    (Vector512.Load(du + i) + duv).Store(du + i);
                }
                if (i < I)
                {
                    int n = I - i;
                    var (dgv, duv) = Grad(VectorLoops.LoadTail(g + i, n, 0f), VectorLoops.LoadTail(u + i, n, 0f), VectorLoops.LoadTail(dy + i, n, 0f));
                    VectorLoops.StoreTail(VectorLoops.LoadTail(dg + i, n, 0f) + dgv, dg + i, n);
                    VectorLoops.StoreTail(VectorLoops.LoadTail(du + i, n, 0f) + duv, du + i, n);
                }
            }
        }
    }
}

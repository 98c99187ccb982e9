using System.Numerics.Tensors;
using ModeHop.Tensors.Threading;

namespace ModeHop.Tensors.Kernels;

/// <summary>
/// Bias of a linear layer. R = rows (B·T), N = output channels.
/// Forward adds bias[N] to every row of out[R,N]; backward sums dOut[R,N] over rows into dBias[N].
/// </summary>
public static class BiasKernel
{
    public static void ForwardReference(ReadOnlySpan<float> bias, int rows, Span<float> output)
    {
        int R = rows, N = bias.Length;
        for (int r = 0; r < R; r++)
            for (int j = 0; j < N; j++)
                output[r * N + j] += bias[j];
    }

    public static void Forward(ReadOnlySpan<float> bias, int rows, Span<float> output)
    {
        int N = bias.Length;
        for (int r = 0; r < rows; r++)
        {
            var row = output.Slice(r * N, N);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    public static void BackwardReference(ReadOnlySpan<float> dOut, int rows, Span<float> dBias)
    {
        int R = rows, N = dBias.Length;
        for (int j = 0; j < N; j++)
        {
            float sum = 0f;
            for (int r = 0; r < R; r++) sum += dOut[r * N + j];
            dBias[j] += sum;
        }
    }

    /// <summary>Column sums in fixed row order, parallel over column blocks.</summary>
    public static void Backward(ReadOnlySpan<float> dOut, int rows, Span<float> dBias)
    {
        unsafe
        {
            fixed (float* pd = dOut, pb = dBias)
            {
                var body = new ColumnSum { DOut = pd, DBias = pb, Rows = rows, Columns = dBias.Length };
                WorkerPool.Shared.For((dBias.Length + ColumnSum.Block - 1) / ColumnSum.Block, ref body);
            }
        }
    }

    unsafe struct ColumnSum : IParallelBody
    {
        public const int Block = 256;
        public float* DOut, DBias;
        public int Rows, Columns;

        public void Run(int index)
        {
            int start = index * Block, width = Math.Min(Block, Columns - start);
            var acc = new Span<float>(DBias + start, width);
            for (int r = 0; r < Rows; r++)
                TensorPrimitives.Add(acc, new ReadOnlySpan<float>(DOut + (long)r * Columns + start, width), acc);
        }
    }
}

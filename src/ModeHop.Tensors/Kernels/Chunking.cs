namespace ModeHop.Tensors.Kernels;

/// <summary>
/// How kernels cut their rows into work items for <see cref="Threading.WorkerPool"/>.
/// The layout depends only on the shape, never on the thread count, so kernels that keep one
/// partial sum per chunk give the same bytes on any machine.
/// Every chunk body's <c>Run</c> is marked <c>NoInlining</c>: inlined into its callers, a kernel
/// exhausts the JIT's inline budget and exp (<c>FloatMath.Exp</c>, <c>Vector512.Exp</c>) is left as calls, 3–8× slower.
/// </summary>
internal static class Chunking
{
    /// <summary>
    /// Floats of work per item. 16K floats (64 KB) take microseconds, well above the pool's dispatch
    /// cost, and a training-step tensor (2048 × 384) still splits into ~50 items to balance threads.
    /// </summary>
    public const int TargetFloats = 16 * 1024;

    /// <summary>Rows per work item for rows <paramref name="width"/> floats wide (at least one).</summary>
    public static int RowsPerChunk(int width) => Math.Max(1, TargetFloats / Math.Max(1, width));

    /// <summary>Number of work items covering <paramref name="rows"/> rows.</summary>
    public static int ChunkCount(int rows, int rowsPerChunk) => (int)(((long)rows + rowsPerChunk - 1) / rowsPerChunk);
}

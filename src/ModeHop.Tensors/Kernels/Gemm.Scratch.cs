using System.Runtime.CompilerServices;

namespace ModeHop.Tensors.Kernels;

public static partial class Gemm
{
    /// <summary>
    /// A per-thread float buffer on the pinned object heap, 64-byte aligned, that grows on demand
    /// and is then reused, so a repeated GEMM shape allocates nothing. Each thread has its own
    /// buffers: the calling thread's B panel (read by every task of its call) and, on every thread
    /// that runs tasks, an A block.
    /// </summary>
    private sealed unsafe class Scratch
    {
        [ThreadStatic] static Scratch? panelB, blockA;

        float[] array = [];
        float* aligned;
        int capacity;

        /// <summary>The calling thread's buffer for packed B panels.</summary>
        public static float* PanelB(int floats) => (panelB ??= new Scratch()).Get(floats);

        /// <summary>The calling thread's buffer for packed A blocks.</summary>
        public static float* BlockA(int floats) => (blockA ??= new Scratch()).Get(floats);

        float* Get(int floats)
        {
            if (floats > capacity)
            {
                array = GC.AllocateUninitializedArray<float>(floats + 16, pinned: true);
                aligned = (float*)(((nint)Unsafe.AsPointer(ref array[0]) + 63) & ~(nint)63);
                capacity = floats;
            }
            return aligned;
        }
    }
}

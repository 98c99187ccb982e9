using System.Runtime.CompilerServices;

namespace ModeHop.Tensors.Threading;

/// <summary>A unit of parallel work: <see cref="Run"/> is called once for every index in [0, count).</summary>
public interface IParallelBody
{
    void Run(int index);
}

/// <summary>
/// One persistent pool of worker threads, sized to the cores, shared by every kernel.
/// <see cref="For{TBody}"/> hands out indices dynamically; each index's work must depend only on
/// the index (never on which thread runs it), which keeps results identical run to run.
/// The body is a struct passed by reference, so a call allocates nothing.
/// A call made while the pool is busy (from a worker, or from a second thread) runs serially on
/// the calling thread.
/// </summary>
public sealed unsafe class WorkerPool : IDisposable
{
    // Spin this many rounds waiting for the next job before sleeping: kernels come back to back
    // during a training step, and waking a sleeping thread costs tens of microseconds.
    const int SpinRounds = 4000;

    static WorkerPool shared = new(Environment.ProcessorCount);

    /// <summary>The pool every kernel uses.</summary>
    public static WorkerPool Shared => shared;

    /// <summary>Replaces the shared pool with one of <paramref name="threads"/> threads (the caller included).</summary>
    public static void Configure(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "Thread count must be at least 1.");
        if (threads == shared.Threads) return;
        var old = shared;
        shared = new WorkerPool(threads);
        old.Dispose();
    }

    [ThreadStatic] static bool insideJob;

    readonly Thread[] workers;
    readonly ManualResetEventSlim[] wake;
    readonly object gate = new();

    // The current job. Written by the caller before the generation is bumped.
    void* body;
    delegate*<void*, int, void> invoke;
    int count;
    int next;
    int open;      // 1 while the current job accepts workers
    int active;    // workers inside the current job
    long generation;
    volatile bool disposed;

    /// <summary>Threads that run work, the calling thread included.</summary>
    public int Threads { get; }

    public WorkerPool(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "Thread count must be at least 1.");
        Threads = threads;
        workers = new Thread[threads - 1];
        wake = new ManualResetEventSlim[threads - 1];
        for (int i = 0; i < workers.Length; i++)
        {
            int id = i;
            wake[i] = new ManualResetEventSlim(false, 0);
            workers[i] = new Thread(() => WorkerLoop(id)) { IsBackground = true, Name = $"modehop-worker-{i + 1}" };
            workers[i].Start();
        }
    }

    /// <summary>Runs <c>body.Run(i)</c> for every i in [0, count) across the pool and returns when all are done.</summary>
    public void For<TBody>(int count, ref TBody body) where TBody : struct, IParallelBody
    {
        if (count <= 0) return;
        if (count == 1 || workers.Length == 0 || insideJob || !Monitor.TryEnter(gate))
        {
            for (int i = 0; i < count; i++) body.Run(i);
            return;
        }
        try
        {
            // A stack copy cannot move while the workers read it through a pointer.
            TBody local = body;
            {
                this.body = Unsafe.AsPointer(ref local);
                invoke = &Invoke<TBody>;
                this.count = count;
                next = 0;
                Volatile.Write(ref open, 1);
                Interlocked.Increment(ref generation);
                foreach (var w in wake) w.Set();
                insideJob = true;
                try { Drain(); }
                finally { insideJob = false; }
                // Close the job, then wait only for workers that joined it: a worker that was
                // descheduled and never joined must not hold the caller up. Both sides use full
                // fences (Exchange here, Increment in the worker), so either the worker sees the
                // job closed or the caller sees it active.
                Interlocked.Exchange(ref open, 0);
                var spin = new SpinWait();
                while (Volatile.Read(ref active) != 0) spin.SpinOnce(sleep1Threshold: -1);
                this.body = null;
            }
        }
        finally
        {
            Monitor.Exit(gate);
        }
    }

    /// <summary>Convenience overload for code off the hot path (allocates a closure).</summary>
    public void For(int count, Action<int> body)
    {
        var b = new ActionBody(body);
        For(count, ref b);
    }

    readonly struct ActionBody(Action<int> action) : IParallelBody
    {
        public void Run(int index) => action(index);
    }

    static void Invoke<TBody>(void* body, int index) where TBody : struct, IParallelBody
        => Unsafe.AsRef<TBody>(body).Run(index);


    void Drain()
    {
        var fn = invoke;
        var b = body;
        int n = count;
        while (true)
        {
            int i = Interlocked.Increment(ref next) - 1;
            if (i >= n) return;
            fn(b, i);
        }
    }

    void WorkerLoop(int id)
    {
        insideJob = true;
        long seen = 0;
        while (true)
        {
            int rounds = 0;
            while (Volatile.Read(ref generation) == seen)
            {
                if (disposed) return;
                if (rounds++ < SpinRounds) Thread.SpinWait(30);
                else
                {
                    wake[id].Wait();
                    wake[id].Reset();
                }
            }
            if (disposed) return;
            seen = Volatile.Read(ref generation);
            Interlocked.Increment(ref active);
            if (Volatile.Read(ref open) == 1 && Volatile.Read(ref generation) == seen) Drain();
            Interlocked.Decrement(ref active);
        }
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var w in wake) w.Set();
        foreach (var t in workers) t.Join();
        foreach (var w in wake) w.Dispose();
    }
}

using ModeHop.Tensors.Threading;

namespace ModeHop.Tests.Tensors;

public class WorkerPoolTests
{
    struct Square(int[] output) : IParallelBody
    {
        public void Run(int index) => output[index] = index * index;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void For_EveryIndex_RunsExactlyOnce(int threads)
    {
        using var pool = new WorkerPool(threads);
        for (int round = 0; round < 50; round++)
        {
            var output = new int[1000];
            var body = new Square(output);
            pool.For(output.Length, ref body);
            for (int i = 0; i < output.Length; i++) Assert.Equal(i * i, output[i]);
        }
    }

    [Fact]
    public void For_CalledFromInsideAJob_RunsSerially()
    {
        using var pool = new WorkerPool(2);
        var counts = new int[8 * 16];
        pool.For(8, outer => pool.For(16, inner => Interlocked.Increment(ref counts[outer * 16 + inner])));
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public async Task For_FromTwoThreadsAtOnce_CompletesBoth()
    {
        using var pool = new WorkerPool(2);
        var a = new int[5000];
        var b = new int[5000];
        var t1 = Task.Run(() => { for (int r = 0; r < 20; r++) pool.For(a.Length, i => a[i]++); });
        var t2 = Task.Run(() => { for (int r = 0; r < 20; r++) pool.For(b.Length, i => b[i]++); });
        await Task.WhenAll(t1, t2);
        Assert.All(a, v => Assert.Equal(20, v));
        Assert.All(b, v => Assert.Equal(20, v));
    }
}

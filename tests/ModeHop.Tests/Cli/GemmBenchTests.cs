using ModeHop.Cli.Bench;

namespace ModeHop.Tests.Cli;

public class GemmBenchTests
{
    [Fact]
    public void Run_SmallSize_ReportsEveryFormWithBestNoWorseThanMedian()
    {
        // The shared pool's own size, so the benchmark does not replace the pool other tests are using.
        int threads = ModeHop.Tensors.Threading.WorkerPool.Shared.Threads;

        var result = GemmBench.Run(size: 24, threads, repeats: 3);

        Assert.Equal(24, result.Size);
        Assert.Equal(threads, result.Threads);
        Assert.True(result.GflopsBest >= result.GflopsMedian && result.GflopsMedian > 0, $"{result}");
        Assert.True(result.MsBest <= result.MsMedian, $"{result}");
        Assert.True(result.GflopsNn > 0 && result.GflopsTnAccumulate > 0, $"{result}");
    }

    [Fact]
    public void Run_ZeroRepeats_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => GemmBench.Run(size: 8, threads: 1, repeats: 0));
}

namespace ModeHop.Tests.Suite;

/// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool, which a test cannot wait for).</summary>
sealed class SyncProgress(List<int> values) : IProgress<int>
{
    public void Report(int value) => values.Add(value);
}

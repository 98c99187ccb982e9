using ModeHop.Tensors;
using ModeHop.Training.FineTuning;

namespace ModeHop.Tests.Training;

public class ExampleBatchesTests
{
    static readonly TokenizedExample[] Examples = [new([5, 6, 7], [8, 9]), new([10], [11]), new([12, 13], [14, 15, 16])];

    /// <summary>
    /// One example per row, left-aligned: inputs are context ++ completion minus its last token, targets the next
    /// token on completion positions only, −1 and token 0 elsewhere; the rows drawn are Rng.ForStream(seed, 0xF1E7, s, b).
    /// </summary>
    [Fact]
    public void Fill_RowsHoldExamplesWithTargetsOnTheCompletion()
    {
        var batches = new ExampleBatches("set", Examples, seed: 3, maxSeqLen: 16);
        Assert.Equal(4, batches.SeqLen);
        const int B = 6, T = 5;
        var inputs = new int[B * T];
        var targets = new int[B * T];
        batches.Fill(2, B, T, inputs, targets);
        var drawn = new HashSet<int>();
        for (int b = 0; b < B; b++)
        {
            int index = Rng.ForStream(3, 0xF1E7, 2, (ulong)b).NextInt(3);
            Assert.Equal(index, batches.ExampleAt(2, b));
            drawn.Add(index);
            var e = Examples[index];
            int[] tokens = [.. e.Context, .. e.Completion];
            int[] expectedInputs = [.. tokens[..^1], .. new int[T - tokens.Length + 1]];
            int[] expectedTargets = Enumerable.Range(0, T).Select(t => t >= e.Context.Length - 1 && t < tokens.Length - 1 ? tokens[t + 1] : -1).ToArray();
            Assert.Equal(expectedInputs, inputs[(b * T)..((b + 1) * T)]);
            Assert.Equal(expectedTargets, targets[(b * T)..((b + 1) * T)]);
        }
        Assert.True(drawn.Count > 1, "every row drew the same example");

        var again = new int[B * T];
        batches.Fill(2, B, T, again, new int[B * T]);
        Assert.Equal(inputs, again);
        batches.Fill(3, B, T, again, new int[B * T]);
        Assert.NotEqual(inputs, again);
    }

    [Fact]
    public void Create_BadExamples_ThrowNamingTheSet()
    {
        Assert.Contains("need 4 positions, but the model reads at most 3", Assert.Throws<ArgumentException>(() => new ExampleBatches("long", Examples, 1, maxSeqLen: 3)).Message);
        Assert.Contains("set empty, example 0: its completion", Assert.Throws<ArgumentException>(() => new ExampleBatches("empty", [new([1], [])], 1, 8)).Message.Replace("Fine-tune set ", "set "));
        Assert.Contains("none has no examples", Assert.Throws<ArgumentException>(() => new ExampleBatches("none", [], 1, 8)).Message);
        var batches = new ExampleBatches("short", Examples, 1, 8);
        Assert.Contains("cannot hold its longest example", Assert.Throws<ArgumentException>(() => batches.Fill(0, 1, 3, new int[3], new int[3])).Message);
    }
}

using ModeHop.Training.Data;

namespace ModeHop.Tests.Training;

public class MarkovCorpusTests
{
    [Fact]
    public void Fill_SameStep_GivesSameBatch()
    {
        var corpus = new MarkovCorpus(3, 100);
        var (a, ta) = Batch(corpus, 5);
        var (b, tb) = Batch(new MarkovCorpus(3, 100), 5);
        Assert.Equal(a, b);
        Assert.Equal(ta, tb);
        var (c, _) = Batch(corpus, 6);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Fill_Targets_AreInputsShiftedByOne()
    {
        var (inputs, targets) = Batch(new MarkovCorpus(1, 64), 0);
        for (int b = 0; b < 4; b++)
            for (int t = 0; t < 31; t++)
                Assert.Equal(inputs[b * 32 + t + 1], targets[b * 32 + t]);
        Assert.All(inputs, id => Assert.InRange(id, 0, 63));
    }

    static (int[] Inputs, int[] Targets) Batch(MarkovCorpus corpus, long step)
    {
        var inputs = new int[4 * 32];
        var targets = new int[4 * 32];
        corpus.Fill(step, 4, 32, inputs, targets);
        return (inputs, targets);
    }
}

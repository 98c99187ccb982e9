using ModeHop.Dynamics.Items;

namespace ModeHop.Tests.Dynamics.Items;

public class ItemFlipsTests
{
    const bool R = true, W = false;

    // four items over five checkpoints
    static readonly bool[][] Correct =
    [
        [W, R, R, W, R],   // right→wrong once (2→3), wrong→right twice (0→1, 3→4); right at the end
        [R, R, W, W, W],   // right→wrong once; wrong at the end, right before
        [W, W, W, W, W],   // never right
        [R, W, R, W, W],   // right→wrong twice, wrong→right once; wrong at the end, right before
    ];

    [Fact]
    public void Count_HandMadeItems_PerItemAndTotals()
    {
        ItemFlipCounts flips = ItemFlips.Count(Correct);

        Assert.Equal([1, 1, 0, 2], flips.RightToWrong);
        Assert.Equal([2, 0, 0, 1], flips.WrongToRight);
        Assert.Equal((4, 3, 7), (flips.TotalRightToWrong, flips.TotalWrongToRight, flips.Total));
    }

    [Fact]
    public void FinalErrors_HandMadeItems_TwoOfThreeWereRightEarlier()
    {
        FinalErrorShare share = ItemFlips.FinalErrors(Correct);

        Assert.Equal((3, 2), (share.FinalErrors, share.RightEarlier));
        Assert.Equal(2 / 3.0, share.Share, 15);
    }

    [Fact]
    public void FinalErrors_RightOnlyAtTheFinalCheckpointOrNoErrors_Edges()
    {
        // an item right only at the end is no final error; nothing wrong at the end leaves the share undefined
        FinalErrorShare none = ItemFlips.FinalErrors([[W, W, R], [R, W, R]]);
        Assert.Equal((0, 0), (none.FinalErrors, none.RightEarlier));
        Assert.True(double.IsNaN(none.Share));

        // one checkpoint: no earlier checkpoint to have been right at, and no flips
        Assert.Equal(new FinalErrorShare(1, 0), ItemFlips.FinalErrors([[W], [R]]));
        Assert.Equal(0, ItemFlips.Count([[W], [R]]).Total);
    }

    [Fact]
    public void Count_NoItems_EmptyCounts()
    {
        ItemFlipCounts flips = ItemFlips.Count([]);

        Assert.Empty(flips.RightToWrong);
        Assert.Equal(0, flips.Total);
        Assert.True(double.IsNaN(ItemFlips.FinalErrors([]).Share));
    }

    [Fact]
    public void Checks_RaggedNullOrEmptyRows_ThrowNamingTheRow()
    {
        Assert.Contains("correct[1] has 2 checkpoints but correct[0] has 3",
            Assert.Throws<ArgumentException>(() => ItemFlips.Count([[R, W, R], [R, W]])).Message);
        Assert.Contains("correct[1] is null", Assert.Throws<ArgumentException>(() => ItemFlips.FinalErrors([[R], null!])).Message);
        Assert.Contains("expected at least 1", Assert.Throws<ArgumentException>(() => ItemFlips.Count([[]])).Message);
        Assert.Throws<ArgumentNullException>(() => ItemFlips.Count(null!));
    }
}

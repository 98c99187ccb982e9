using ModeHop.Training.Checkpoints;
using ModeHop.Training.Optim;

namespace ModeHop.Tests.Training;

public class ScheduleTests
{
    [Fact]
    public void LearningRate_WarmupThenCosine_HitsPeakAndMinimum()
    {
        var s = new LearningRateSchedule(1f, 10, 110, 0.1f);
        Assert.Equal(0.1f, s.At(0), 5);
        Assert.Equal(1f, s.At(9), 5);
        Assert.Equal(1f, s.At(10), 5);
        Assert.Equal(0.55f, s.At(60), 4);
        Assert.Equal(0.1f, s.At(110), 5);
        Assert.True(s.At(30) > s.At(31));
    }

    [Fact]
    public void LearningRate_Constant_HoldsPeakAfterWarmup()
    {
        var s = new LearningRateSchedule(2f, 4, 100, 0f, DecayKind.Constant);
        Assert.Equal(2f, s.At(99));
    }

    [Fact]
    public void Checkpoints_PythiaLike_LogSpacedThenEvenAndFinal()
    {
        var s = new CheckpointSchedule(Every: 100, LogSpacedUntil: 64);
        Assert.Equal([0L, 1, 2, 4, 8, 16, 32, 64, 100, 200, 250], s.Steps(250));
    }

    [Fact]
    public void Checkpoints_WithoutInitial_SkipsStepZero()
    {
        var s = new CheckpointSchedule(Every: 5, LogSpacedUntil: 0, IncludeInitial: false);
        Assert.Equal([5L, 10, 12], s.Steps(12));
    }
}

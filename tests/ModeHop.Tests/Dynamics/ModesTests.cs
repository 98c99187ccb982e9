using ModeHop.Dynamics;

namespace ModeHop.Tests.Dynamics;

public class ModesTests
{
    [Theory]
    [InlineData(1.0, Mode.General)]
    [InlineData(0.6, Mode.General)]   // the threshold itself is General
    [InlineData(0.61, Mode.General)]
    [InlineData(0.59, Mode.Mixed)]
    [InlineData(0.5, Mode.Mixed)]
    [InlineData(0.41, Mode.Mixed)]
    [InlineData(0.4, Mode.Parrot)]    // the threshold itself is Parrot
    [InlineData(0.0, Mode.Parrot)]
    public void Classify_DefaultRule_DeadBandBetweenThresholds(double hardAcc, Mode expected)
    {
        Assert.Equal(expected, Modes.Classify(hardAcc, new ModeRule()));
    }

    [Theory]
    [InlineData(0.75, Mode.Mixed)]
    [InlineData(0.8, Mode.General)]
    [InlineData(0.25, Mode.Mixed)]
    [InlineData(0.2, Mode.Parrot)]
    public void Classify_WiderBand_UsesTheRulesThresholds(double hardAcc, Mode expected)
    {
        Assert.Equal(expected, Modes.Classify(hardAcc, new ModeRule(GeneralAt: 0.8, ParrotAt: 0.2)));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.PositiveInfinity)]
    public void Classify_NotAShare_Throws(double hardAcc)
    {
        var e = Assert.Throws<ArgumentException>(() => Modes.Classify(hardAcc, new ModeRule()));
        Assert.Contains("[0, 1]", e.Message);
    }

    [Theory]
    [InlineData(0.5, 0.5, 1.0)]   // no band at all: 0.5 would be both
    [InlineData(0.4, 0.6, 1.0)]   // thresholds swapped
    [InlineData(1.2, 0.4, 1.0)]
    [InlineData(0.6, -0.1, 1.0)]
    [InlineData(0.6, 0.4, -1.0)]
    [InlineData(0.6, 0.4, double.NaN)]
    [InlineData(double.NaN, 0.4, 1.0)]
    public void Classify_InvalidRule_Throws(double generalAt, double parrotAt, double spreadMultiple)
    {
        var e = Assert.Throws<ArgumentException>(() => Modes.Classify(0.5, new ModeRule(generalAt, parrotAt, spreadMultiple)));
        Assert.StartsWith("ModeRule:", e.Message);
    }
}

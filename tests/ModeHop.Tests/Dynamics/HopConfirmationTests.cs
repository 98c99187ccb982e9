using ModeHop.Dynamics;

namespace ModeHop.Tests.Dynamics;

/// <summary>When the margin confirms a candidate: size against the combined seed spread, and sign at both ends.</summary>
public class HopConfirmationTests
{
    static Hop OnlyCandidate(double[] hardAcc, double[] margin, double[] spread, ModeRule? rule = null)
    {
        TaskDynamics d = Hops.Analyze(Signals.Points(hardAcc, margin, spread), rule ?? new ModeRule());
        Hop hop = Assert.Single(d.Candidates);
        Assert.Equal(hop.Confirmed ? 1 : 0, d.ConfirmedHops);
        return hop;
    }

    [Fact]
    public void Analyze_MarginChangeWithinSpread_CandidateNotConfirmed()
    {
        // the mode flips but the margin moves 0.2 against a combined spread of √(0.5² + 0.5²) ≈ 0.71
        Hop hop = OnlyCandidate([0.2, 0.8], [-0.1, 0.1], [0.5, 0.5]);

        Assert.Equal(Mode.Parrot, hop.From);
        Assert.Equal(Mode.General, hop.To);
        Assert.False(hop.Confirmed);
    }

    [Theory]
    [InlineData(0.51, true)]   // change 1.01 > √(0.6² + 0.8²) = 1
    [InlineData(0.49, false)]  // change 0.99 < 1; a plain sum of spreads (1.4) or their max (0.8) would get one of these wrong
    public void Analyze_SpreadsCombinedInQuadrature(double marginAfter, bool confirmed)
    {
        Hop hop = OnlyCandidate([0.2, 0.8], [-0.5, marginAfter], [0.6, 0.8]);

        Assert.Equal(confirmed, hop.Confirmed);
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(1.0, true)]    // 1.0 > 1 × 0.707
    [InlineData(1.5, false)]   // 1.0 < 1.5 × 0.707 = 1.06
    public void Analyze_SpreadMultiple_ScalesTheThreshold(double spreadMultiple, bool confirmed)
    {
        Hop hop = OnlyCandidate([0.2, 0.8], [-0.5, 0.5], [0.5, 0.5], new ModeRule(SpreadMultiple: spreadMultiple));

        Assert.Equal(confirmed, hop.Confirmed);
    }

    [Fact]
    public void Analyze_MarginFallsWhileModeRisesToGeneral_NotConfirmed()
    {
        Hop hop = OnlyCandidate([0.2, 0.8], [1.0, -1.0], [0.1, 0.1]);

        Assert.Equal(-2.0, hop.MarginChange, 12);
        Assert.False(hop.Confirmed);
    }

    [Fact]
    public void Analyze_MarginRisesButStaysNegativeAtGeneralEnd_NotConfirmed()
    {
        Hop hop = OnlyCandidate([0.2, 0.8], [-3.0, -0.5], [0.1, 0.1]);

        Assert.Equal(2.5, hop.MarginChange, 12);
        Assert.False(hop.Confirmed);
    }

    [Fact]
    public void Analyze_MarginPositiveAtParrotEnd_NotConfirmed()
    {
        Hop hop = OnlyCandidate([0.2, 0.8], [0.5, 3.0], [0.1, 0.1]);

        Assert.False(hop.Confirmed);
    }

    [Fact]
    public void Analyze_GeneralToParrotWithFallingMargin_Confirmed()
    {
        Hop hop = OnlyCandidate([0.9, 0.1], [2.0, -2.0], [0.1, 0.1]);

        Assert.Equal((Mode.General, Mode.Parrot), (hop.From, hop.To));
        Assert.Equal(-4.0, hop.MarginChange, 12);
        Assert.True(hop.Confirmed);
    }

    [Fact]
    public void Analyze_GeneralToParrotWithRisingMargin_NotConfirmed()
    {
        Hop hop = OnlyCandidate([0.9, 0.1], [-2.0, 2.0], [0.1, 0.1]);

        Assert.False(hop.Confirmed);
    }

    [Fact]
    public void Analyze_ZeroSpreadWithoutMarginFloor_AnySignAgreeingChangeConfirms()
    {
        Hop hop = OnlyCandidate([0.3, 0.7], [-0.01, 0.01], [0, 0], new ModeRule(MinMargin: 0));

        Assert.True(hop.Confirmed);
    }

    [Theory]
    [InlineData(-0.01, 0.01, false)] // an untrained model's margins: inside the default 0.1-nat floor
    [InlineData(-0.5, 0.05, false)]  // the General end too close to zero
    [InlineData(-0.5, 0.5, true)]
    public void Analyze_ZeroSpread_MarginMustClearTheFloorAtBothEnds(double parrotMargin, double generalMargin, bool confirmed)
    {
        Hop hop = OnlyCandidate([0.3, 0.7], [parrotMargin, generalMargin], [0, 0]);

        Assert.Equal(confirmed, hop.Confirmed);
    }
}

using ModeHop.Cli.Pipeline;

namespace ModeHop.Tests.Cli;

public class CheckpointNameTests
{
    [Theory]
    [InlineData("step3000", 3000L, null)]
    [InlineData("step0", 0L, null)]
    [InlineData("step000128", 128L, null)]
    [InlineData("step1000-tokens4B", 1000L, 4_000_000_000L)]
    [InlineData("stage1-step1413814-tokens5927B", 1413814L, 5_927_000_000_000L)]
    [InlineData("stage2-ingredient1-step23852-tokens50B", 23852L, 50_000_000_000L)]
    [InlineData("step500-tokens2.5M", 500L, 2_500_000L)]
    [InlineData("checkpoint-500", 500L, null)]
    [InlineData("global_step77", 77L, null)]
    [InlineData("Step12_Tokens300K", 12L, 300_000L)]
    [InlineData("main", null, null)]
    [InlineData("pythia-160m", null, null)]
    [InlineData("mystep3", null, null)]
    [InlineData("step3x", null, null)]
    public void Parse_NamingsInUse_GiveStepAndTokens(string name, long? step, long? tokens)
    {
        Assert.Equal((step, tokens), CheckpointName.Parse(name));
    }
}

using ModeHop.Suite;

namespace ModeHop.Tests.Suite;

/// <summary>Small hand-made tasks the suite tests share. Their expected prompts are pinned in the tests.</summary>
static class SampleTasks
{
    /// <summary>Six pool demos in two labels (warm, cool); item 0's prompt is also pool demo 0's.</summary>
    public static TaskDefinition Colours(DemoStrategy strategy, int demoCount = 4, string joiner = "\n", bool control = false) =>
        new(Families.Flipped, "colours", control, "1",
            [new TestItem("Q: red A:", "cold", "hot"), new TestItem("Q: black A:", "cold", "hot")],
            [
                new Demo("Q: red A:", "hot", "warm"),
                new Demo("Q: blue A:", "cold", "cool"),
                new Demo("Q: orange A:", "hot", "warm"),
                new Demo("Q: green A:", "cold", "cool"),
                new Demo("Q: yellow A:", "hot", "warm"),
                new Demo("Q: purple A:", "cold", "cool"),
            ],
            strategy, demoCount, joiner);

    /// <summary>One item with four bound demos (an episode), labels odd/even alternating as given.</summary>
    public static TaskDefinition Episode(DemoStrategy strategy, string joiner = "\n") =>
        new(Families.Successive, "episodes", false, "1",
            [new TestItem("Q: 3 + 1 = ? A:", "4", "3",
            [
                new Demo("Q: 0 + 1 = ? A:", "1", "odd"),
                new Demo("Q: 1 + 1 = ? A:", "2", "even"),
                new Demo("Q: 2 + 1 = ? A:", "3", "odd"),
                new Demo("Q: 3 + 3 = ? A:", "6", "even"),
            ])],
            [], strategy, 0, joiner);
}

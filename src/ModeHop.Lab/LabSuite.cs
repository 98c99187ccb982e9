using ModeHop.Lab.Generators;
using ModeHop.Suite;
using ModeHop.Tensors;

namespace ModeHop.Lab;

/// <summary>
/// The toy suite of a world: per family a test task (disagreeing items: general ≠ parrot) and its control twin
/// (agreeing items), all drawn from the held-out bucket, so none was seen in training. Items keep their episode's
/// demos; seeds shuffle them where their order carries nothing (Strategy Random), else they stay in order.
/// Same world and item count ⇒ same tasks (and content hashes).
/// </summary>
public static class LabSuite
{
    public const string TaskName = "toy";
    public const string Version = "1";

    public static IReadOnlyList<TaskDefinition> Build(World world, int items)
    {
        var tasks = new List<TaskDefinition>();
        var generators = Catalog.Create(world);
        for (int f = 0; f < generators.Count; f++)
        {
            var g = generators[f];
            foreach (bool control in new[] { false, true })
            {
                var rng = Rng.ForStream(world.Seed, 0x7E57, (ulong)f, control ? 1UL : 0UL);
                var drawn = new List<TestItem>();
                var seen = new HashSet<string>();
                for (int attempt = 0; drawn.Count < items; attempt++)
                {
                    if (attempt > 100 * items) throw new InvalidOperationException($"{g.Family}: only {drawn.Count} distinct held-out items exist; ask for fewer.");
                    var item = HeldOut.Draw(() => control ? g.Control(rng) : g.Test(rng), x => HeldOut.Key(x.Demos, x.Query, g.OrderedDemos), heldOut: true, g.Family);
                    var demos = item.Demos.Select(d => new Demo(d.Prompt, d.Answer)).ToArray();
                    var test = new TestItem(item.Query, item.General, item.Parrot, demos);
                    if (seen.Add(HeldOut.Key(item.Demos, item.Query, g.OrderedDemos) + "|" + item.Parrot)) drawn.Add(test);
                }
                var strategy = drawn.All(i => i.Demos!.Count == 0) ? DemoStrategy.None : g.OrderedDemos ? DemoStrategy.Ordered : DemoStrategy.Random;
                tasks.Add(new TaskDefinition(g.Family, TaskName, control, Version, drawn, [], strategy, 0, Episode.Joiner));
            }
        }
        return tasks;
    }
}

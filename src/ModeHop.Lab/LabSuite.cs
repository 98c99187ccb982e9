using ModeHop.Lab.Generators;
using ModeHop.Suite;
using ModeHop.Tensors;

namespace ModeHop.Lab;

/// <summary>
/// The toy suite of a world: per family a test task (disagreeing items: general ≠ parrot) and its control twin
/// (agreeing items), all drawn from the held-out bucket, so none was seen in training. Items keep their episode's
/// demos; seeds shuffle them where their order carries nothing (Strategy Random), else they stay in order.
/// Same world and item count ⇒ same tasks (and content hashes). <see cref="Build"/> holds the prompted families (the
/// suite monitored at every checkpoint); <see cref="FineTuneTasks"/> the fine-tuning families', asked after fine-tunes.
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

    /// <summary>
    /// The fine-tuning families' tasks (docs/finetune.md, "The lab world's fine-tuning families"), in this order: OOCR functions and cities, then
    /// EmergentMisalignment advice, opinions and educational, each test task followed by its control twin. A test task
    /// is asked after its fine-tune (and contrast) with <paramref name="protocol"/> (default <see cref="LabFineTuneProtocol"/>());
    /// its control twin holds the same items and no fine-tune: the pre-fine-tune baseline. The world's sizes fix each
    /// task's items (10, 16, 8, 8, 16 by default); <paramref name="items"/> caps them, like <see cref="Build"/>'s count.
    /// Zero-shot (no demos), teacher-forced, with distractors where an item has more than two candidates.
    /// </summary>
    public static IReadOnlyList<TaskDefinition> FineTuneTasks(World world, int items, LabFineTuneProtocol? protocol = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(items);
        protocol ??= new LabFineTuneProtocol();
        var tasks = new List<TaskDefinition>();
        foreach (var family in Catalog.FineTuning(world))
            foreach (var task in family.Tasks(protocol))
            {
                var asked = task.Items.Take(items).ToArray();
                tasks.Add(new TaskDefinition(family.Family, task.Name, false, Version, asked, [], DemoStrategy.None, 0, Episode.Joiner, task.FineTune, task.Contrast));
                tasks.Add(new TaskDefinition(family.Family, task.Name, true, Version, asked, [], DemoStrategy.None, 0, Episode.Joiner));
            }
        return tasks;
    }
}

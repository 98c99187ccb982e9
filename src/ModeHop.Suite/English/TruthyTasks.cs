namespace ModeHop.Suite.English;

/// <summary>
/// Truthy: true/false claims. surprising_truth items are true claims that sound false; common_misconception items are
/// false claims that are widely believed. Each item's demos are uncontroversial claims, class-imbalanced so that the
/// majority demo label is the wrong answer (6 of 8 "False" for surprising truths, 12 of 16 "True" for
/// misconceptions; the seed work's pools were imbalanced the same way). General = what is true; parrot = the majority
/// label. Seeds shuffle the demos. Control: items are uncontroversial claims of the same polarity (true claims for
/// surprising_truth, false ones for common_misconception) with balanced demos drawn from the other uncontroversial
/// claims; general = what is true, parrot = the other label.
/// </summary>
internal static class TruthyTasks
{
    const string True = "True", False = "False";

    public static IEnumerable<TaskDefinition> All()
    {
        var bank = EnglishBanks.Read("truthy.tsv", 2);
        var plainTrue = EnglishBanks.OfKind(bank, "true");
        var plainFalse = EnglishBanks.OfKind(bank, "false");
        var pool = plainTrue.Select(c => new Demo(Prompt(c), True)).Concat(plainFalse.Select(c => new Demo(Prompt(c), False))).ToArray();
        return
        [
            .. Pair("surprising_truth", EnglishBanks.OfKind(bank, "surprising"), True, plainTrue, (False, 6), (True, 2), pool),
            .. Pair("common_misconception", EnglishBanks.OfKind(bank, "misconception"), False, plainFalse, (True, 12), (False, 4), pool),
        ];
    }

    public static string Prompt(string claim) => $"Q: True or false: {claim}\nA:";

    /// <param name="truth">The label of every item of the task (and of its control).</param>
    /// <param name="controlClaims">Uncontroversial claims with label <paramref name="truth"/>: the control's items.</param>
    static TaskDefinition[] Pair(string name, string[] claims, string truth, string[] controlClaims,
        (string Label, int Count) majority, (string Label, int Count) minority, Demo[] pool)
    {
        var rng = Generation.Rng(Families.Truthy, name, control: false);
        var byLabel = pool.ToLookup(d => d.Answer);
        string other = truth == True ? False : True;
        var items = claims.Select(c => new TestItem(Prompt(c), truth, majority.Label,
            [.. Draw(rng, byLabel[majority.Label], majority.Count), .. Draw(rng, byLabel[minority.Label], minority.Count)])).ToArray();
        var controlItems = controlClaims.Select(c => new TestItem(Prompt(c), truth, other)).ToArray();
        int k = majority.Count + minority.Count;
        return
        [
            new TaskDefinition(Families.Truthy, name, false, EnglishSuite.Version, items, [], DemoStrategy.Random, 0, "\n"),
            new TaskDefinition(Families.Truthy, name, true, EnglishSuite.Version, controlItems, pool, DemoStrategy.Balanced, k, "\n"),
        ];
    }

    /// <summary><paramref name="count"/> distinct demos of <paramref name="demos"/>, a seeded partial shuffle.</summary>
    static Demo[] Draw(SplitMix64 rng, IEnumerable<Demo> demos, int count)
    {
        var all = demos.ToArray();
        rng.Shuffle<Demo>(all, count);
        return all[..count];
    }
}

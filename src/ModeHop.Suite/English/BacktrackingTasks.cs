namespace ModeHop.Suite.English;

/// <summary>
/// Backtracking, zero-shot: towns joined by one-way roads; from the start two roads leave, one short and one long.
/// The item asks for the first town on the way to the goal. Test: the short road (the greedy, nearest step) leads into
/// a dead end — towns with no road onward to the goal — and the long one starts the only path; general = the far
/// neighbour, parrot = the near one. Control: the short road starts the path and the long one leads into the dead
/// end, so the greedy step is right (no greedy step into a dead end); general = the near neighbour, parrot = the far one.
/// </summary>
internal static class BacktrackingTasks
{
    static readonly string[] Towns =
    [
        "Ashby", "Brookfield", "Carlow", "Dunmore", "Elford", "Fenwick", "Glenby", "Harlow", "Ivybridge", "Kelby",
        "Linton", "Marston", "Norcott", "Oakham", "Pelham", "Quinton", "Radley", "Selby", "Thornby", "Upton", "Wexley",
        "Yarrow", "Ambleside", "Burwell", "Colbury", "Dorley", "Easton", "Fairford",
    ];

    public static IEnumerable<TaskDefinition> All() => Generation.ZeroShotPair(Families.Backtracking, "roads", Roads);

    static TestItem Roads(SplitMix64 rng, bool control)
    {
        int pathLength = rng.Between(2, 3), deadLength = rng.Between(1, 3);
        var towns = Towns.ToArray();
        rng.Shuffle<string>(towns, 1 + pathLength + deadLength);
        string start = towns[0];
        var path = towns[1..(1 + pathLength)];           // path[0] is the first step, path[^1] the goal
        var dead = towns[(1 + pathLength)..(1 + pathLength + deadLength)];
        string goal = path[^1];
        int near = rng.Between(1, 4), far = rng.Between(6, 15);
        var (nearTown, farTown) = control ? (path[0], dead[0]) : (dead[0], path[0]);

        var roads = new List<string>();
        for (int i = 0; i + 1 < path.Length; i++) roads.Add($"A road leads from {path[i]} to {path[i + 1]}.");
        for (int i = 0; i + 1 < dead.Length; i++) roads.Add($"A road leads from {dead[i]} to {dead[i + 1]}.");
        rng.Shuffle<string>(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(roads));
        var fromStart = new[] { $"{Article(near)} {near}-mile road to {nearTown}", $"{Article(far)} {far}-mile road to {farTown}" };
        rng.Shuffle<string>(fromStart);

        Generation.Check(Reaches(path[0], goal, path, dead) && !Reaches(dead[0], goal, path, dead), "backtracking: only the path reaches the goal");
        string text = $"Q: The roads between these towns are all one-way. From {start} there is {fromStart[0]} and {fromStart[1]}. " +
            $"{string.Join(" ", roads.Append("There are no other roads."))} " +
            $"You are in {start} and want to reach {goal}. Which town should you drive to first?\nA:";
        return control ? new TestItem(text, nearTown, farTown) : new TestItem(text, farTown, nearTown);
    }

    /// <summary>"an" before the numbers said with a vowel first (8, 11, 18, 80 … 89), else "a".</summary>
    static string Article(int miles) => miles is 8 or 11 or 18 or (>= 80 and <= 89) ? "an" : "a";

    /// <summary>Whether walking the chain's roads from <paramref name="from"/> arrives at <paramref name="goal"/>.</summary>
    static bool Reaches(string from, string goal, string[] path, string[] dead)
    {
        foreach (var chain in new[] { path, dead })
        {
            int at = Array.IndexOf(chain, from);
            if (at >= 0) return chain.AsSpan(at).Contains(goal);
        }
        return false;
    }
}

namespace ModeHop.Suite.English;

/// <summary>
/// EntityTracking, zero-shot: boxes hold one object each, one box is empty, and objects are moved into empty boxes.
/// The item asks what a box holds now. Test: two to four moves; the queried box's object arrived by a move that is not
/// the last one, so neither the object first placed there (the parrot answer) nor the last object mentioned is right.
/// General = the object there now. Control: no moves; general = the object placed there, parrot = the object of
/// another box.
/// </summary>
internal static class EntityTrackingTasks
{
    static readonly string[] Objects =
    [
        "apple", "key", "coin", "ring", "watch", "book", "pen", "cup", "shoe", "ball", "hat", "map", "bell", "doll",
        "comb", "fork", "glove", "lamp", "stone", "candle", "shell", "brush", "spoon", "button", "clock", "mug", "scarf",
        "whistle", "marble", "feather", "ribbon", "compass", "magnet", "thimble", "pebble",
    ];

    public static IEnumerable<TaskDefinition> All() => Generation.ZeroShotPair(Families.EntityTracking, "boxes", Boxes);

    static TestItem Boxes(SplitMix64 rng, bool control)
    {
        while (true)
        {
            int boxCount = rng.Between(3, 5), moveCount = control ? 0 : rng.Between(2, 4);
            var objects = Objects.ToArray();
            rng.Shuffle<string>(objects, boxCount - 1);
            var initial = new string?[boxCount];
            int empty = rng.NextInt(boxCount);
            for (int b = 0, o = 0; b < boxCount; b++) initial[b] = b == empty ? null : objects[o++];

            var now = initial.ToArray();
            var moves = new List<(string Object, int From, int To, int Index)>();
            for (int i = 0; i < moveCount; i++)
            {
                int to = Array.IndexOf(now, null);
                var full = Enumerable.Range(0, boxCount).Where(b => now[b] is not null).ToArray();
                int from = rng.Pick(full);
                moves.Add((now[from]!, from, to, i));
                (now[to], now[from]) = (now[from], null);
            }

            string text = Describe(initial);
            if (control)
            {
                int asked = rng.Pick(Enumerable.Range(0, boxCount).Where(b => initial[b] is not null).ToArray());
                var others = Enumerable.Range(0, boxCount).Where(b => b != asked && initial[b] is not null).ToArray();
                return new TestItem($"{text}\nNow Box {Letter(asked)} contains the", initial[asked]!, initial[rng.Pick(others)]!);
            }

            // A box whose object came by an earlier (not the last) move and that first held another object.
            var candidates = Enumerable.Range(0, boxCount).Where(b =>
                now[b] is { } held && initial[b] is { } first && held != first &&
                moves.Last(m => m.To == b).Index < moveCount - 1 && moves.Last().Object != held).ToArray();
            if (candidates.Length == 0) continue;
            int box = rng.Pick(candidates);
            string movesText = string.Join(" ", moves.Select((m, i) =>
                $"{(i == 0 ? "I move" : "Then I move")} the {m.Object} from Box {Letter(m.From)} to Box {Letter(m.To)}."));
            Generation.Check(Replay(initial, moves)[box] == now[box], "entity tracking: the moves replay to the answer");
            return new TestItem($"{text} {movesText}\nNow Box {Letter(box)} contains the", now[box]!, initial[box]!);
        }
    }

    static string Describe(string?[] boxes) =>
        string.Join(" ", boxes.Select((o, b) => o is null ? $"Box {Letter(b)} is empty." : $"Box {Letter(b)} contains the {o}."));

    /// <summary>Applies the moves again, checking each one takes its object from where it is into an empty box.</summary>
    static string?[] Replay(string?[] initial, List<(string Object, int From, int To, int Index)> moves)
    {
        var boxes = initial.ToArray();
        foreach (var m in moves)
        {
            Generation.Check(boxes[m.From] == m.Object && boxes[m.To] is null, $"entity tracking: move the {m.Object} {m.From}→{m.To}");
            (boxes[m.To], boxes[m.From]) = (m.Object, null);
        }
        return boxes;
    }

    static char Letter(int box) => (char)('A' + box);
}

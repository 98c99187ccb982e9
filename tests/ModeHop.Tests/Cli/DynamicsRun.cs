using ModeHop.Cli.Pipeline;
using ModeHop.Dynamics;
using ModeHop.Store;

namespace ModeHop.Tests.Cli;

/// <summary>
/// A results DB made by hand for the analyses analyze adds beside the hops: 20 checkpoints (step 100·k, 2048 tokens per
/// step, so step 0 has none), two seeds, and two families with known answers.
/// </summary>
/// <remarks>
/// <para><b>Flipped</b>, one test task "toy": Parrot at 0.2 with an oscillation whose amplitude grows with k
/// (0.2 + (−1)^k·0.01·k) up to k = 11, then General at 0.85: one confirmed hop from step 1100 to 1200 whose rolling
/// variance rises over the 8 checkpoints before it. Its 4 items: item 0 is right at k = 5..9 only (flips exactly twice,
/// wrong at the end, right earlier); item 1 right from k = 12 on, where its two seeds disagree (0.9 vs 0.4 general) and
/// the seed mean is right (one flip); item 2 is never right (no flip, a final error never right); item 3 is right at
/// k = 2, 3 and from 12 on (three flips). Its control sits at 0.7 with a period-3 wiggle of ±0.01, items right throughout.</para>
/// <para><b>Repetitive</b>, two test tasks: "a" rises linearly (0.2 + 0.03k) and "b" = 0.5·a + 0.3, a monotone
/// function of it, so their Spearman ρ is exactly 1; a's control falls (ρ = −1), b's is constant (ρ undefined).</para>
/// </remarks>
public sealed class DynamicsRun : IDisposable
{
    public const string RunName = "dynamics";
    public const int Checkpoints = 20;
    public const long TokensPerStep = 2048;
    public const int HopFromIndex = 11;

    public string Dir { get; } = Directory.CreateTempSubdirectory("modehop-dynamics-").FullName;
    public string Db => Path.Combine(Dir, "results.db");

    public DynamicsRun()
    {
        using var store = ResultsStore.Open(Db);
        long run = store.UpsertRun(new RunRecord(RunName, "lab", Dir, null));
        var tasks = new List<(long Id, Func<int, double> Ngp, Func<int, int, int, (double General, double Parrot)> Item)>();
        void Add(string family, string task, bool control, Func<int, double> ngp, Func<int, int, int, (double, double)>? item = null)
        {
            long id = store.UpsertTask(new TaskRecord(family, task, control, "1", $"hash-{family}-{task}-{control}"));
            store.UpsertItems(id, Enumerable.Range(0, 4).Select(i => new ItemRecord(i, $"{family} {task} prompt {i}", "g", "p")).ToArray());
            tasks.Add((id, ngp, item ?? ((k, i, seed) => (ngp(k), 1 - ngp(k)))));
        }
        Add("Flipped", "toy", false, FlippedNgp, FlippedItem);
        Add("Flipped", "toy", true, k => 0.7 + 0.01 * ((k % 3) - 1), (k, i, seed) => (0.8, 0.2));
        Add("Repetitive", "a", false, A);
        Add("Repetitive", "a", true, k => 0.8 - 0.02 * k);
        Add("Repetitive", "b", false, k => 0.5 * A(k) + 0.3);
        Add("Repetitive", "b", true, _ => 0.5);
        for (int k = 0; k < Checkpoints; k++)
        {
            long step = 100L * k;
            store.WriteCheckpoint(run, new CheckpointRecord(step, step * TokensPerStep, $"step{step:D6}"),
                tasks.Select(t => Scores(t.Id, k, t.Ngp(k), t.Item)).ToArray());
        }
    }

    public static double FlippedNgp(int k) => k <= HopFromIndex ? 0.2 + (k % 2 == 0 ? 1 : -1) * 0.01 * k : 0.85;

    static double A(int k) => 0.2 + 0.03 * k;

    /// <summary>Seed <paramref name="seed"/>'s (Pg, Pp) of Flipped's item <paramref name="item"/> at checkpoint k (see the remarks).</summary>
    static (double General, double Parrot) FlippedItem(int k, int item, int seed)
    {
        (double, double) right = (0.7, 0.3), wrong = (0.3, 0.7);
        return item switch
        {
            0 => k is >= 5 and <= 9 ? right : wrong,
            1 => k >= 12 ? (seed == 0 ? (0.9, 0.1) : (0.4, 0.6)) : wrong,
            2 => wrong,
            _ => k is 2 or 3 || k >= 12 ? right : wrong,
        };
    }

    /// <summary>Two seeds ±0.01 around <paramref name="ngp"/> (hard_acc follows it, margin 6·(ngp − ½)); item scores from <paramref name="item"/>.</summary>
    static TaskScores Scores(long taskId, int k, double ngp, Func<int, int, int, (double General, double Parrot)> item)
    {
        var items = new List<ItemScore>();
        var metrics = new List<TaskSeedMetrics>();
        for (int seed = 0; seed < 2; seed++)
        {
            double v = Math.Clamp(ngp + (seed == 0 ? -0.01 : 0.01), 0, 1);
            for (int i = 0; i < 4; i++)
            {
                var (g, p) = item(k, i, seed);
                items.Add(new ItemScore(i, seed, Math.Log(g), Math.Log(p), g, p));
            }
            metrics.Add(new TaskSeedMetrics(seed, v, 2 * v - 1, 6 * (v - 0.5), v, 4));
        }
        return new TaskScores(taskId, items, metrics);
    }

    /// <summary>The run's analysis, as analyze makes it.</summary>
    public static IReadOnlyList<TaskAnalysis> Analyze(ResultsStore store) => RunAnalysis.Analyze(store, store.FindRun(RunName)!, new ModeRule());

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on a failing test's path must not hide the test's own failure
        }
    }
}

using ModeHop.Dynamics;
using ModeHop.Store;
using ModeHop.Suite;

namespace ModeHop.Cli.Pipeline.Controls;

/// <summary>A checkpoint of a lab run that is both on disk and scored in the results DB.</summary>
public sealed record RunCheckpoint(long Step, long Tokens, string Dir);

/// <summary>One task scored on a model (a checkpoint or weights derived from checkpoints): the point Dynamics reads and the seed-averaged ngp.</summary>
public sealed record TaskScore(TaskDefinition Task, TaskPoint Point, double Ngp);

/// <summary>
/// What every control reads of a lab run: the run directory, its results DB and run row, the DB's analysis of every
/// task (in the order of the lab's suite), the checkpoints on disk that the DB has scored, and a suite monitor whose
/// <see cref="SuiteMonitor.Model"/> the control fills with derived weights and scores with <see cref="Evaluate"/>.
/// </summary>
public sealed class ControlRun : IDisposable
{
    readonly Dictionary<long, int>[] pointIndex; // per task: step → index into its analysis's points

    public LabRun Lab { get; }
    public ResultsStore Store { get; }
    public RunRow Run { get; }

    /// <summary>The DB's analysis of each task, in the order of <see cref="LabRun.Tasks"/> (and of <see cref="Evaluate"/>'s results).</summary>
    public IReadOnlyList<TaskAnalysis> Analysis { get; }

    /// <summary>Checkpoints on disk and scored in the DB for every task, in step order.</summary>
    public IReadOnlyList<RunCheckpoint> Checkpoints { get; }

    public SuiteMonitor Monitor { get; }

    ControlRun(LabRun lab, ResultsStore store, RunRow run, IReadOnlyList<TaskAnalysis> analysis, IReadOnlyList<RunCheckpoint> checkpoints)
    {
        Lab = lab;
        Store = store;
        Run = run;
        Analysis = analysis;
        Checkpoints = checkpoints;
        pointIndex = analysis.Select(a => a.Points.Select((p, i) => (p.Step, i)).ToDictionary(x => x.Step, x => x.i)).ToArray();
        Monitor = lab.Monitor(store, run.Id);
    }

    /// <summary>
    /// Opens the results DB of <paramref name="lab"/> and reads its analysis.
    /// </summary>
    /// <exception cref="FileNotFoundException">The run has no results DB.</exception>
    /// <exception cref="InvalidDataException">The DB holds no scores of this run, or scores of another suite.</exception>
    public static ControlRun Open(LabRun lab)
    {
        string first = "train it with `modehop train --recipe … --out DIR` or `modehop demo` first";
        if (!File.Exists(lab.DbPath))
            throw new FileNotFoundException($"{lab.DbPath}: no results DB; the controls compare with the run's scored checkpoints, so {first}.", lab.DbPath);
        var store = ResultsStore.Open(lab.DbPath, create: false);
        try
        {
            var run = store.FindRun(lab.Recipe.Name)
                ?? throw new InvalidDataException($"{lab.DbPath}: holds no run '{lab.Recipe.Name}' (runs here: {string.Join(", ", store.Runs().Select(r => r.Name))}); {first}.");
            var rows = RunAnalysis.Analyze(store, run, new ModeRule()).GroupBy(a => a.Task.ContentHash).ToDictionary(g => g.Key, g => g.Last());
            if (rows.Count == 0) throw new InvalidDataException($"{lab.DbPath}: run '{run.Name}' has no scored checkpoint yet; {first}.");
            var analysis = lab.Tasks.Select(t => rows.TryGetValue(t.ContentHash, out var a) ? a
                : throw new InvalidDataException($"{lab.DbPath}: task {t.DisplayName} of the lab suite (hash {t.ContentHash[..12]}) was never scored in run '{run.Name}'; the suite changed since the run was trained; train the run again.")).ToArray();
            var scoredEverywhere = analysis.Select(a => a.Points.Select(p => p.Step).ToHashSet()).Aggregate((x, y) => { x.IntersectWith(y); return x; });
            var tokens = store.Checkpoints(run.Id).ToDictionary(c => c.Step, c => c.Tokens);
            var checkpoints = lab.Checkpoints().Where(c => scoredEverywhere.Contains(c.Step))
                .Select(c => new RunCheckpoint(c.Step, tokens[c.Step], c.Dir)).ToArray();
            if (checkpoints.Length == 0)
                throw new InvalidDataException($"{lab.Dir}: none of the checkpoints on disk is scored in {lab.DbPath}; {first}.");
            return new ControlRun(lab, store, run, analysis, checkpoints);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The index of the checkpoint at <paramref name="step"/> in <see cref="Checkpoints"/>.</summary>
    /// <exception cref="UsageException">No such checkpoint.</exception>
    public int IndexOf(long step)
    {
        for (int i = 0; i < Checkpoints.Count; i++)
            if (Checkpoints[i].Step == step) return i;
        throw new UsageException($"{Lab.Dir}: no scored checkpoint at step {step}; steps: {string.Join(", ", Checkpoints.Select(c => c.Step))}.");
    }

    /// <summary>Task <paramref name="task"/> (an index into <see cref="LabRun.Tasks"/>) as the DB scored it at <paramref name="step"/>.</summary>
    public TaskScore Stored(int task, long step)
    {
        var a = Analysis[task];
        int i = pointIndex[task][step];
        return new TaskScore(Lab.Tasks[task], a.Points[i], a.NormalizedGeneralProb[i]);
    }

    /// <summary>The mode the DB's analysis gives task <paramref name="task"/> at <paramref name="step"/>.</summary>
    public Mode ModeAt(int task, long step) => Analysis[task].Dynamics.Modes[pointIndex[task][step]];

    /// <summary>
    /// Scores every task on the weights <see cref="SuiteMonitor.Model"/> holds now, as the DB's checkpoints are
    /// averaged over seeds (<see cref="RunAnalysis.Average"/>), dated <paramref name="step"/> and <paramref name="tokens"/>.
    /// </summary>
    public IReadOnlyList<TaskScore> Evaluate(long step, long tokens)
    {
        var results = Monitor.Evaluate();
        var scores = new TaskScore[results.Count];
        for (int t = 0; t < results.Count; t++)
        {
            var seeds = results[t].Seeds.Select(s => new SeedValues(s.HardAcc, s.LogProbMargin, s.NormalizedGeneralProb)).ToArray();
            var (point, ngp, _) = RunAnalysis.Average(step, tokens, seeds);
            scores[t] = new TaskScore(results[t].Task, point, ngp);
        }
        return scores;
    }

    public void Dispose() => Store.Dispose();
}

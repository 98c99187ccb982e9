using Microsoft.Data.Sqlite;

namespace ModeHop.Store;

// Reads. Each is one statement, so it sees one committed state of the file even while another process writes.
public sealed partial class ResultsStore
{
    /// <summary>The ids of the tasks that have metrics at step <paramref name="step"/> of run <paramref name="runId"/>.</summary>
    public IReadOnlySet<long> ScoredTasks(long runId, long step)
    {
        using var command = Command("""
            SELECT DISTINCT m.task_id FROM metrics m JOIN checkpoints c ON c.id = m.checkpoint_id
            WHERE c.run_id = $run AND c.step = $step
            """);
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$step", step);
        return new HashSet<long>(Read(command, r => r.GetInt64(0)));
    }

    /// <summary>All runs, by id.</summary>
    public IReadOnlyList<RunRow> Runs()
    {
        using var command = Command("SELECT id, name, kind, source, recipe_json FROM runs ORDER BY id");
        return Read(command, ReadRun);
    }

    /// <summary>The run named <paramref name="name"/>, or null.</summary>
    public RunRow? FindRun(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var command = Command("SELECT id, name, kind, source, recipe_json FROM runs WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        return Read(command, ReadRun).SingleOrDefault();
    }

    /// <summary>The checkpoints of run <paramref name="runId"/>, by step.</summary>
    public IReadOnlyList<CheckpointRow> Checkpoints(long runId)
    {
        using var command = Command("SELECT id, step, tokens, path FROM checkpoints WHERE run_id = $run ORDER BY step");
        command.Parameters.AddWithValue("$run", runId);
        return Read(command, r => new CheckpointRow(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3)));
    }

    /// <summary>The tasks that have metrics in run <paramref name="runId"/>, by family, task, control (a task
    /// before its control), then id (older versions first).</summary>
    public IReadOnlyList<TaskRow> Tasks(long runId)
    {
        using var command = Command("""
            SELECT t.id, t.family, t.task, t.control, t.version, t.content_hash FROM tasks t
            WHERE EXISTS (SELECT 1 FROM metrics m JOIN checkpoints c ON c.id = m.checkpoint_id WHERE m.task_id = t.id AND c.run_id = $run)
            ORDER BY t.family, t.task, t.control, t.id
            """);
        command.Parameters.AddWithValue("$run", runId);
        return Read(command, ReadTask);
    }

    /// <summary>The items of task <paramref name="taskId"/>, by index.</summary>
    public IReadOnlyList<ItemRecord> Items(long taskId)
    {
        using var command = Command("SELECT item_index, prompt, general, parrot FROM items WHERE task_id = $task ORDER BY item_index");
        command.Parameters.AddWithValue("$task", taskId);
        return Read(command, r => new ItemRecord(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3)));
    }

    /// <summary>Every metric row of run <paramref name="runId"/>, by task id, step, seed.</summary>
    public IReadOnlyList<MetricRow> Metrics(long runId)
    {
        using var command = Command("""
            SELECT m.task_id, c.step, c.tokens, m.seed, m.hard_acc, m.prob_margin, m.log_prob_margin, m.normalized_general_prob, m.items
            FROM metrics m JOIN checkpoints c ON c.id = m.checkpoint_id
            WHERE c.run_id = $run
            ORDER BY m.task_id, c.step, m.seed
            """);
        command.Parameters.AddWithValue("$run", runId);
        return Read(command, r => new MetricRow(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt32(3),
            r.GetDouble(4), r.GetDouble(5), r.GetDouble(6), r.GetDouble(7), r.GetInt32(8)));
    }

    /// <summary>The item scores of task <paramref name="taskId"/> in run <paramref name="runId"/>, by step, item, seed.</summary>
    public IReadOnlyList<ItemScoreRow> ItemScores(long runId, long taskId)
    {
        using var command = Command("""
            SELECT c.step, s.item_index, s.seed, s.general_log_prob, s.parrot_log_prob, s.general_mean_prob, s.parrot_mean_prob
            FROM item_scores s JOIN checkpoints c ON c.id = s.checkpoint_id
            WHERE c.run_id = $run AND s.task_id = $task
            ORDER BY c.step, s.item_index, s.seed
            """);
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$task", taskId);
        return Read(command, r => new ItemScoreRow(r.GetInt64(0), r.GetInt32(1), r.GetInt32(2),
            r.GetDouble(3), r.GetDouble(4), r.GetDouble(5), r.GetDouble(6)));
    }

    /// <summary>The findings of run <paramref name="runId"/>, by id (the order they were written in).</summary>
    public IReadOnlyList<FindingRow> Findings(long runId)
    {
        using var command = Command("SELECT id, kind, family, task, step, value, json FROM findings WHERE run_id = $run ORDER BY id");
        command.Parameters.AddWithValue("$run", runId);
        return Read(command, r => new FindingRow(r.GetInt64(0), r.GetString(1),
            r.IsDBNull(2) ? null : r.GetString(2),
            r.IsDBNull(3) ? null : r.GetString(3),
            r.IsDBNull(4) ? null : r.GetInt64(4),
            r.IsDBNull(5) ? null : r.GetDouble(5),
            r.GetString(6)));
    }

    HashSet<long> ScoredAt(long checkpointId, SqliteTransaction transaction)
    {
        using var command = Command("SELECT DISTINCT task_id FROM metrics WHERE checkpoint_id = $checkpoint", transaction);
        command.Parameters.AddWithValue("$checkpoint", checkpointId);
        return new HashSet<long>(Read(command, r => r.GetInt64(0)));
    }

    TaskRow TaskById(long taskId, SqliteTransaction transaction)
    {
        using var command = Command("SELECT id, family, task, control, version, content_hash FROM tasks WHERE id = $id", transaction);
        command.Parameters.AddWithValue("$id", taskId);
        return Read(command, ReadTask).Single();
    }

    static RunRow ReadRun(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4));

    static TaskRow ReadTask(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3) != 0, r.GetString(4), r.GetString(5));

    static List<T> Read<T>(SqliteCommand command, Func<SqliteDataReader, T> row)
    {
        var rows = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows.Add(row(reader));
        return rows;
    }
}

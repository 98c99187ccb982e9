using Microsoft.Data.Sqlite;

namespace ModeHop.Store;

// Writes. Each method is one transaction (BEGIN IMMEDIATE, so the read-then-write inside it never races
// another writer); a throw anywhere inside disposes the transaction uncommitted, which rolls it back.
public sealed partial class ResultsStore
{
    /// <summary>Inserts the run, or updates kind, source and recipe of the run of that name; returns its id.</summary>
    public long UpsertRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(run.Name, nameof(run));
        if (run.Kind is not ("lab" or "scan"))
            throw new ArgumentException($"Run '{run.Name}' has kind '{run.Kind}'; expected \"lab\" or \"scan\".", nameof(run));
        ArgumentNullException.ThrowIfNull(run.Source, nameof(run));

        using var transaction = _connection.BeginTransaction();
        using var command = Command("""
            INSERT INTO runs (name, kind, source, recipe_json) VALUES ($name, $kind, $source, $recipe)
            ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, source = excluded.source, recipe_json = excluded.recipe_json
            RETURNING id
            """, transaction);
        command.Parameters.AddWithValue("$name", run.Name);
        command.Parameters.AddWithValue("$kind", run.Kind);
        command.Parameters.AddWithValue("$source", run.Source);
        command.Parameters.AddWithValue("$recipe", (object?)run.RecipeJson ?? DBNull.Value);
        long id = (long)command.ExecuteScalar()!;
        transaction.Commit();
        return id;
    }

    /// <summary>Inserts the task unless one with the same five fields exists; returns its id either way.</summary>
    public long UpsertTask(TaskRecord task)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrEmpty(task.Family, nameof(task));
        ArgumentException.ThrowIfNullOrEmpty(task.Task, nameof(task));
        ArgumentNullException.ThrowIfNull(task.Version, nameof(task));
        ArgumentNullException.ThrowIfNull(task.ContentHash, nameof(task));

        using var transaction = _connection.BeginTransaction();
        const string Key = "family = $family AND task = $task AND control = $control AND version = $version AND content_hash = $hash";
        using var insert = Command($"""
            INSERT INTO tasks (family, task, control, version, content_hash) VALUES ($family, $task, $control, $version, $hash)
            ON CONFLICT DO NOTHING
            """, transaction);
        using var select = Command($"SELECT id FROM tasks WHERE {Key}", transaction);
        foreach (var command in new[] { insert, select })
        {
            command.Parameters.AddWithValue("$family", task.Family);
            command.Parameters.AddWithValue("$task", task.Task);
            command.Parameters.AddWithValue("$control", task.Control ? 1L : 0L);
            command.Parameters.AddWithValue("$version", task.Version);
            command.Parameters.AddWithValue("$hash", task.ContentHash);
        }
        insert.ExecuteNonQuery();
        long id = (long)select.ExecuteScalar()!;
        transaction.Commit();
        return id;
    }

    /// <summary>
    /// Inserts the items of task <paramref name="taskId"/> that it does not have yet. An index it already has
    /// must carry the same text: the text is fixed by the task's content hash, so a change is a new task.
    /// </summary>
    /// <exception cref="InvalidDataException">An index already stored with other text, or an unknown task.</exception>
    public void UpsertItems(long taskId, IReadOnlyList<ItemRecord> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        using var transaction = _connection.BeginTransaction();
        using var insert = Command("""
            INSERT INTO items (task_id, item_index, prompt, general, parrot) VALUES ($task, $index, $prompt, $general, $parrot)
            ON CONFLICT DO NOTHING
            """, transaction);
        var pTask = insert.Parameters.Add("$task", SqliteType.Integer);
        var pIndex = insert.Parameters.Add("$index", SqliteType.Integer);
        var pPrompt = insert.Parameters.Add("$prompt", SqliteType.Text);
        var pGeneral = insert.Parameters.Add("$general", SqliteType.Text);
        var pParrot = insert.Parameters.Add("$parrot", SqliteType.Text);
        using var select = Command("SELECT prompt, general, parrot FROM items WHERE task_id = $task AND item_index = $index", transaction);
        var sTask = select.Parameters.Add("$task", SqliteType.Integer);
        var sIndex = select.Parameters.Add("$index", SqliteType.Integer);
        insert.Prepare();
        select.Prepare();

        pTask.Value = sTask.Value = taskId;
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
            pIndex.Value = sIndex.Value = item.Index;
            pPrompt.Value = item.Prompt;
            pGeneral.Value = item.General;
            pParrot.Value = item.Parrot;
            int inserted;
            try
            {
                inserted = insert.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == StoreErrors.SqliteConstraint)
            {
                throw StoreErrors.Write(Path, $"item {item.Index} of task {taskId}", e);
            }
            if (inserted == 1) continue;

            using var reader = select.ExecuteReader();
            reader.Read();
            string? field = reader.GetString(0) != item.Prompt ? "prompt"
                : reader.GetString(1) != item.General ? "general answer"
                : reader.GetString(2) != item.Parrot ? "parrot answer"
                : null;
            if (field is not null) throw StoreErrors.ItemConflict(Path, TaskById(taskId, transaction), item.Index, field);
        }
        transaction.Commit();
    }

    /// <summary>
    /// Writes one checkpoint of run <paramref name="runId"/> in one transaction: the checkpoint row (inserted,
    /// or reused when the step is there with the same token count), then the item scores and metrics of every
    /// task in <paramref name="tasks"/> not yet scored at this checkpoint. Tasks already scored are skipped, so
    /// writing the same checkpoint again adds nothing. Returns how many tasks were written.
    /// </summary>
    /// <exception cref="InvalidDataException">The step is stored with another token count, or a score names a
    /// run, task or item the store does not have, or repeats an (item, seed); nothing is written then.</exception>
    public int WriteCheckpoint(long runId, CheckpointRecord checkpoint, IReadOnlyList<TaskScores> tasks)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(checkpoint.Path, nameof(checkpoint));
        ArgumentNullException.ThrowIfNull(tasks);
        CheckScores(tasks);

        using var transaction = _connection.BeginTransaction();
        long checkpointId = FindOrInsertCheckpoint(runId, checkpoint, transaction);
        var scored = ScoredAt(checkpointId, transaction);

        using var insertScore = Command("""
            INSERT INTO item_scores (checkpoint_id, task_id, item_index, seed, general_log_prob, parrot_log_prob, general_mean_prob, parrot_mean_prob)
            VALUES ($checkpoint, $task, $index, $seed, $glp, $plp, $gmp, $pmp)
            """, transaction);
        var s = insertScore.Parameters;
        var sCheckpoint = s.Add("$checkpoint", SqliteType.Integer);
        var sTask = s.Add("$task", SqliteType.Integer);
        var (sIndex, sSeed) = (s.Add("$index", SqliteType.Integer), s.Add("$seed", SqliteType.Integer));
        var (sGlp, sPlp, sGmp, sPmp) = (s.Add("$glp", SqliteType.Real), s.Add("$plp", SqliteType.Real), s.Add("$gmp", SqliteType.Real), s.Add("$pmp", SqliteType.Real));
        using var insertMetric = Command("""
            INSERT INTO metrics (checkpoint_id, task_id, seed, hard_acc, prob_margin, log_prob_margin, normalized_general_prob, items)
            VALUES ($checkpoint, $task, $seed, $acc, $pm, $lpm, $ngp, $items)
            """, transaction);
        var m = insertMetric.Parameters;
        var mCheckpoint = m.Add("$checkpoint", SqliteType.Integer);
        var (mTask, mSeed) = (m.Add("$task", SqliteType.Integer), m.Add("$seed", SqliteType.Integer));
        var (mAcc, mPm, mLpm, mNgp) = (m.Add("$acc", SqliteType.Real), m.Add("$pm", SqliteType.Real), m.Add("$lpm", SqliteType.Real), m.Add("$ngp", SqliteType.Real));
        var mItems = m.Add("$items", SqliteType.Integer);
        insertScore.Prepare();
        insertMetric.Prepare();

        sCheckpoint.Value = mCheckpoint.Value = checkpointId;
        int written = 0;
        foreach (var task in tasks)
        {
            if (scored.Contains(task.TaskId)) continue;
            sTask.Value = mTask.Value = task.TaskId;
            foreach (var score in task.Items)
            {
                (sIndex.Value, sSeed.Value) = (score.ItemIndex, score.Seed);
                (sGlp.Value, sPlp.Value, sGmp.Value, sPmp.Value) = (score.GeneralLogProb, score.ParrotLogProb, score.GeneralMeanProb, score.ParrotMeanProb);
                try
                {
                    insertScore.ExecuteNonQuery();
                }
                catch (SqliteException e) when (e.SqliteErrorCode == StoreErrors.SqliteConstraint)
                {
                    throw StoreErrors.Write(Path, $"the score of item {score.ItemIndex}, seed {score.Seed}, task {task.TaskId} at step {checkpoint.Step}", e);
                }
            }
            foreach (var metric in task.Metrics)
            {
                mSeed.Value = metric.Seed;
                (mAcc.Value, mPm.Value, mLpm.Value, mNgp.Value) = (metric.HardAcc, metric.ProbMargin, metric.LogProbMargin, metric.NormalizedGeneralProb);
                mItems.Value = metric.Items;
                try
                {
                    insertMetric.ExecuteNonQuery();
                }
                catch (SqliteException e) when (e.SqliteErrorCode == StoreErrors.SqliteConstraint)
                {
                    throw StoreErrors.Write(Path, $"the metrics of seed {metric.Seed}, task {task.TaskId} at step {checkpoint.Step}", e);
                }
            }
            written++;
        }
        transaction.Commit();
        return written;
    }

    /// <summary>Deletes run <paramref name="runId"/>'s findings of <paramref name="kind"/> and inserts
    /// <paramref name="findings"/> (all of that kind) in their place, in one transaction.</summary>
    public void ReplaceFindings(long runId, string kind, IReadOnlyList<FindingRecord> findings)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(findings);
        foreach (var f in findings)
        {
            ArgumentNullException.ThrowIfNull(f, nameof(findings));
            if (f.Kind != kind)
                throw new ArgumentException($"A finding of kind '{f.Kind}' was passed to replace the findings of kind '{kind}'; expected only '{kind}'.", nameof(findings));
            ArgumentNullException.ThrowIfNull(f.Json, nameof(findings));
            if (f.Value is double v && double.IsNaN(v)) throw StoreErrors.NotANumber($"The value of a '{kind}' finding", nameof(findings));
        }

        using var transaction = _connection.BeginTransaction();
        using (var delete = Command("DELETE FROM findings WHERE run_id = $run AND kind = $kind", transaction))
        {
            delete.Parameters.AddWithValue("$run", runId);
            delete.Parameters.AddWithValue("$kind", kind);
            delete.ExecuteNonQuery();
        }
        using var insert = Command("""
            INSERT INTO findings (run_id, kind, family, task, step, value, json) VALUES ($run, $kind, $family, $task, $step, $value, $json)
            """, transaction);
        var p = insert.Parameters;
        p.AddWithValue("$run", runId);
        p.AddWithValue("$kind", kind);
        var (pFamily, pTask, pStep) = (p.Add("$family", SqliteType.Text), p.Add("$task", SqliteType.Text), p.Add("$step", SqliteType.Integer));
        var (pValue, pJson) = (p.Add("$value", SqliteType.Real), p.Add("$json", SqliteType.Text));
        insert.Prepare();
        foreach (var f in findings)
        {
            pFamily.Value = (object?)f.Family ?? DBNull.Value;
            pTask.Value = (object?)f.Task ?? DBNull.Value;
            pStep.Value = (object?)f.Step ?? DBNull.Value;
            pValue.Value = (object?)f.Value ?? DBNull.Value;
            pJson.Value = f.Json;
            try
            {
                insert.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == StoreErrors.SqliteConstraint)
            {
                throw StoreErrors.Write(Path, $"a '{kind}' finding of run {runId}", e);
            }
        }
        transaction.Commit();
    }

    long FindOrInsertCheckpoint(long runId, CheckpointRecord checkpoint, SqliteTransaction transaction)
    {
        using (var select = Command("SELECT id, tokens FROM checkpoints WHERE run_id = $run AND step = $step", transaction))
        {
            select.Parameters.AddWithValue("$run", runId);
            select.Parameters.AddWithValue("$step", checkpoint.Step);
            using var reader = select.ExecuteReader();
            if (reader.Read())
            {
                long stored = reader.GetInt64(1);
                if (stored != checkpoint.Tokens) throw StoreErrors.TokensMismatch(Path, runId, checkpoint.Step, stored, checkpoint.Tokens);
                return reader.GetInt64(0);
            }
        }
        using var insert = Command("INSERT INTO checkpoints (run_id, step, tokens, path) VALUES ($run, $step, $tokens, $path) RETURNING id", transaction);
        insert.Parameters.AddWithValue("$run", runId);
        insert.Parameters.AddWithValue("$step", checkpoint.Step);
        insert.Parameters.AddWithValue("$tokens", checkpoint.Tokens);
        insert.Parameters.AddWithValue("$path", checkpoint.Path);
        try
        {
            return (long)insert.ExecuteScalar()!;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == StoreErrors.SqliteConstraint)
        {
            throw StoreErrors.Write(Path, $"checkpoint step {checkpoint.Step} of run {runId}", e);
        }
    }

    /// <summary>Checks what the schema cannot say well: one entry per task, metrics present, no NaN
    /// (SQLite would store a NaN as NULL).</summary>
    static void CheckScores(IReadOnlyList<TaskScores> tasks)
    {
        var seen = new HashSet<long>();
        foreach (var task in tasks)
        {
            ArgumentNullException.ThrowIfNull(task, nameof(tasks));
            if (!seen.Add(task.TaskId))
                throw new ArgumentException($"Task {task.TaskId} appears twice in one checkpoint; expected each task once.", nameof(tasks));
            if (task.Metrics is null || task.Metrics.Count == 0)
                throw new ArgumentException($"Task {task.TaskId} has no metrics; expected one row per demo seed (a task is scored when it has metrics).", nameof(tasks));
            ArgumentNullException.ThrowIfNull(task.Items, nameof(tasks));
            foreach (var s in task.Items)
            {
                if (double.IsNaN(s.GeneralLogProb) || double.IsNaN(s.ParrotLogProb) || double.IsNaN(s.GeneralMeanProb) || double.IsNaN(s.ParrotMeanProb))
                    throw StoreErrors.NotANumber($"A score of task {task.TaskId}, item {s.ItemIndex}, seed {s.Seed}", nameof(tasks));
            }
            foreach (var m in task.Metrics)
            {
                if (double.IsNaN(m.HardAcc) || double.IsNaN(m.ProbMargin) || double.IsNaN(m.LogProbMargin) || double.IsNaN(m.NormalizedGeneralProb))
                    throw StoreErrors.NotANumber($"A metric of task {task.TaskId}, seed {m.Seed}", nameof(tasks));
            }
        }
    }
}

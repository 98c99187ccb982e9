using Microsoft.Data.Sqlite;

namespace ModeHop.Store;

/// <summary>
/// The store's exceptions, in one place. Every message is one line: the file, then what was expected,
/// what was found and what to do, one sentence each.
/// </summary>
internal static class StoreErrors
{
    // SQLite primary result codes (sqlite3.h) and the extended constraint codes we explain.
    internal const int SqliteError = 1, SqliteCorrupt = 11, SqliteConstraint = 19, SqliteNotADatabase = 26;
    const int ConstraintForeignKey = 787, ConstraintPrimaryKey = 1555, ConstraintUnique = 2067;

    const string Expected = $"Expected a SQLite file whose meta table has format '{Schema.Format}'";
    const string Todo = "Pass the path of a results DB, or a path where none exists yet to create one.";

    public static FileNotFoundException Missing(string path) => new(
        $"{path}: no results DB there. Expected an existing ModeHop results DB. Found no file. " +
        "Check the path, or run the verb that creates the DB (train or scan) first.", path);

    public static InvalidDataException Directory(string path) => new(
        $"{path}: not a ModeHop results DB. {Expected}. Found a directory. {Todo}");

    public static InvalidDataException NotSqlite(string path, long length, Exception inner) => new(
        $"{path}: not a ModeHop results DB. {Expected}. Found {length} bytes that are not a SQLite database. {Todo}", inner);

    public static InvalidDataException Damaged(string path, Exception inner) => new(
        $"{path}: damaged results DB. Expected a SQLite file that reads back whole. Found a damaged one ({OneLine(inner.Message).TrimEnd('.')}). " +
        "Restore it from a copy, or delete it and score the checkpoints again.", inner);

    public static InvalidDataException Empty(string path) => new(
        $"{path}: not a ModeHop results DB. {Expected}. Found an empty database with no tables. " +
        "Open it with create to make a results DB there, or pass another path.");

    public static InvalidDataException NotOurs(string path, IReadOnlyList<string> tables) => new(
        $"{path}: not a ModeHop results DB. {Expected}. " +
        $"Found a SQLite database of another application (tables: {string.Join(", ", tables.Take(6))}{(tables.Count > 6 ? ", …" : "")}). {Todo}");

    public static InvalidDataException NewerSchema(string path, long found) => new(
        $"{path}: results DB of a newer schema. Expected schema version {ResultsStore.SchemaVersion} or older. " +
        $"Found schema version {found}. Open it with the newer ModeHop that wrote it, or write to a new file.");

    public static InvalidDataException UnknownSchema(string path, long found) => new(
        $"{path}: results DB of an unknown schema. Expected schema version {ResultsStore.SchemaVersion}. " +
        $"Found schema version {found}. Delete it and score the checkpoints again.");

    public static InvalidDataException TokensMismatch(string path, long runId, long step, long stored, long found) => new(
        $"{path}: run {runId} already has checkpoint step {step} with {stored} tokens. Expected the same token count for the same step. " +
        $"Found {found} tokens. Score into a new run, or fix how tokens are counted from steps.");

    public static InvalidDataException ItemConflict(string path, TaskRow task, int index, string field) => new(
        $"{path}: task {task.Id} ({task.Family}/{task.Task}{(task.Control ? ", control" : "")}, version {task.Version}, hash {task.ContentHash}) " +
        $"already has item {index} with another {field}. Expected the same text for the same content hash. Found a different {field}. " +
        "Give the changed task a new content hash (a new task version) and upsert it as a new task.");

    /// <summary>Explains a constraint failure of a write: <paramref name="what"/> says what was being written.</summary>
    public static Exception Write(string path, string what, SqliteException e) => e.SqliteExtendedErrorCode switch
    {
        ConstraintForeignKey => new InvalidDataException(
            $"{path}: cannot write {what}. Expected every run, task and item it names to be in the store. " +
            "Found a reference to one that is not. Upsert the run, the task and its items before writing scores.", e),
        ConstraintPrimaryKey or ConstraintUnique => new InvalidDataException(
            $"{path}: cannot write {what}. Expected each (item, seed) and each seed once per task and checkpoint. " +
            "Found one twice. Remove the duplicate before writing.", e),
        _ => new InvalidDataException(
            $"{path}: cannot write {what}. Expected values the schema accepts. Found {OneLine(e.Message)}. Fix the values before writing.", e),
    };

    public static ArgumentException NotANumber(string what, string paramName) =>
        new($"{what} is NaN; expected a number (±infinity is allowed). Fix the scorer before writing.", paramName);

    static string OneLine(string s) => s.ReplaceLineEndings(" ");
}

using System.CommandLine;
using System.Text.Json.Nodes;
using ModeHop.Cli.Pipeline;

namespace ModeHop.Cli.Commands;

/// <summary><c>modehop scan</c>: score the suite on every checkpoint of a series into results.db.</summary>
public static class ScanCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Checkpoint directories, or directories holding them (searched a few levels deep for config.json).", Arity = ArgumentArity.OneOrMore };
        var db = new Option<string>("--db") { Description = "The results DB to write (created if missing; a re-run continues where a killed scan stopped).", Required = true };
        var suite = new Option<string>("--suite") { Description = $"Which items: {ScanSuite.English} (the banks ModeHop ships), {ScanSuite.Toy} (the lab world of a lab run), or a directory of GDsuite JSONL files.", DefaultValueFactory = _ => ScanSuite.English };
        var suiteDir = new Option<string?>("--suite-dir") { Description = "A directory of GDsuite JSONL files to score (the same as --suite DIR)." };
        var families = new Option<string?>("--families") { Description = "Comma-separated families to score (default: all of the suite's)." };
        var seeds = new Option<int?>("--seeds") { Description = "Demo seeds per item (default 4; a lab run's recipe says its own)." };
        var maxItems = new Option<int>("--max-items") { Description = "Items scored per task (0: all).", DefaultValueFactory = _ => ScanJob.DefaultMaxItems };
        var run = new Option<string?>("--run") { Description = "Run name in the DB (default: the folder holding the checkpoints)." };
        var tokensPerStep = new Option<long?>("--tokens-per-step") { Description = "Tokens per optimiser step, for checkpoints whose name and trainer_state.json give only the step (Pythia: 2097152)." };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer.json to use (default: the first checkpoint's, or its parent folder's)." };
        var threads = Common.ThreadsOption();
        var json = Common.JsonOption();
        var command = new Command("scan", "Find the checkpoints of a series under the paths, date them from their names (step3000, step1000-tokens4B, stage1-step…-tokens…B, checkpoint-500) or trainer_state.json, and score the suite on each in step order into the results DB. Resumable; an unreadable checkpoint is reported and skipped.")
        {
            paths, db, suite, suiteDir, families, seeds, maxItems, run, tokensPerStep, tokenizer, threads, json,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            Common.ApplyThreads(r.GetValue(threads));
            if (r.GetValue(seeds) is < 1 or > 64) throw new UsageException($"--seeds must be between 1 and 64, got {r.GetValue(seeds)}.");
            if (r.GetValue(maxItems) < 0) throw new UsageException($"--max-items must be 0 (all) or more, got {r.GetValue(maxItems)}.");
            if (r.GetValue(tokensPerStep) is < 1) throw new UsageException($"--tokens-per-step must be positive, got {r.GetValue(tokensPerStep)}.");
            var familyList = r.GetValue(families)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var outcome = ScanJob.Run(new ScanOptions
            {
                Paths = r.GetValue(paths)!,
                DbPath = r.GetValue(db)!,
                Suite = SuiteName(r.GetValue(suite)!, r.GetValue(suiteDir), r.GetResult(suite) is { Implicit: false }),
                Families = familyList is { Length: > 0 } ? familyList : null,
                Seeds = r.GetValue(seeds),
                MaxItems = r.GetValue(maxItems) is var m and > 0 ? m : null,
                RunName = r.GetValue(run),
                TokensPerStep = r.GetValue(tokensPerStep),
                TokenizerPath = r.GetValue(tokenizer),
            });
            if (r.GetValue(json))
                Console.WriteLine(new JsonObject
                {
                    ["run"] = outcome.RunName,
                    ["scored"] = outcome.Scored,
                    ["already_scored"] = outcome.AlreadyScored,
                    ["skipped"] = new JsonArray(outcome.Skipped.Select(s => (JsonNode)s).ToArray()),
                    ["seconds"] = Math.Round(outcome.Seconds, 3),
                    ["seconds_per_checkpoint"] = Math.Round(outcome.SecondsPerCheckpoint, 3),
                }.ToJsonString());
            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary>--suite-dir DIR is --suite DIR; giving both with different values is an error.</summary>
    static string SuiteName(string suite, string? suiteDir, bool suiteGiven)
    {
        if (suiteDir is null) return suite;
        if (suiteGiven && suite != suiteDir)
            throw new UsageException($"--suite {suite} and --suite-dir {suiteDir} name two suites; pass one of them.");
        if (!Directory.Exists(suiteDir))
            throw new UsageException($"--suite-dir {suiteDir}: no such directory; pass a directory of GDsuite JSONL files.");
        return suiteDir;
    }
}

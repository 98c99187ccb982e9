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
        var families = new Option<string?>("--families") { Description = "Comma-separated families to score, e.g. oocr,em (default: every family asked with a prompt; the fine-tuning families OOCR and EmergentMisalignment (em) run only when named)." };
        var seeds = new Option<int?>("--seeds") { Description = "Demo seeds per item (default 4; a lab run's recipe says its own)." };
        var maxItems = new Option<int>("--max-items") { Description = "Items scored per task (0: all).", DefaultValueFactory = _ => ScanJob.DefaultMaxItems };
        var run = new Option<string?>("--run") { Description = "Run name in the DB (default: the folder holding the checkpoints)." };
        var tokensPerStep = new Option<long?>("--tokens-per-step") { Description = "Tokens per optimiser step, for checkpoints whose name and trainer_state.json give only the step (Pythia: 2097152)." };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer.json to use (default: the first checkpoint's, or its parent folder's)." };
        var checkpoints = new Option<int?>("--checkpoints") { Description = "Score only N checkpoints spread evenly over the series, first and last included (the fine-tuning families cost fine-tunes on each)." };
        var ftSteps = new Option<int?>("--ft-steps") { Description = "Fine-tuning families: optimiser steps of every fixed fine-tune (default: the suite's protocol, docs/finetune.md)." };
        var ftLr = new Option<double?>("--ft-lr") { Description = "Fine-tuning families: the fine-tunes' constant learning rate (default: the suite's protocol)." };
        var ftRank = new Option<int?>("--ft-rank") { Description = "Fine-tuning families: 0 fine-tunes every weight, r ≥ 1 trains rank-r adapters on a frozen checkpoint (default: lab runs 0, English 1)." };
        var adapters = new Option<string?>("--adapters") { Description = "Where adapter fine-tunes save their adapters, per run, step and set (default: an adapters folder beside the DB)." };
        var threads = Common.ThreadsOption();
        var json = Common.JsonOption();
        var command = new Command("scan", "Find the checkpoints of a series under the paths, date them from their names (step3000, step1000-tokens4B, stage1-step…-tokens…B, checkpoint-500) or trainer_state.json, and score the suite on each in step order into the results DB. Resumable; an unreadable checkpoint is reported and skipped.")
        {
            paths, db, suite, suiteDir, families, seeds, maxItems, run, tokensPerStep, tokenizer, checkpoints, ftSteps, ftLr, ftRank, adapters, threads, json,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            Common.ApplyThreads(r.GetValue(threads));
            if (r.GetValue(seeds) is < 1 or > 64) throw new UsageException($"--seeds must be between 1 and 64, got {r.GetValue(seeds)}.");
            if (r.GetValue(maxItems) < 0) throw new UsageException($"--max-items must be 0 (all) or more, got {r.GetValue(maxItems)}.");
            if (r.GetValue(tokensPerStep) is < 1) throw new UsageException($"--tokens-per-step must be positive, got {r.GetValue(tokensPerStep)}.");
            if (r.GetValue(checkpoints) is < 1) throw new UsageException($"--checkpoints must be at least 1, got {r.GetValue(checkpoints)}.");
            if (r.GetValue(ftSteps) is < 1 or > 100_000) throw new UsageException($"--ft-steps must be between 1 and 100000, got {r.GetValue(ftSteps)}.");
            if (r.GetValue(ftLr) is double lr && !(lr > 0 && lr < 1)) throw new UsageException($"--ft-lr must be a learning rate in (0, 1), got {lr}.");
            if (r.GetValue(ftRank) is < 0 or > 256) throw new UsageException($"--ft-rank must be 0 (every weight) or an adapter rank from 1 to 256, got {r.GetValue(ftRank)}.");
            var familyList = r.GetValue(families)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            bool overrides = r.GetValue(ftSteps) is not null || r.GetValue(ftLr) is not null || r.GetValue(ftRank) is not null;
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
                Checkpoints = r.GetValue(checkpoints),
                FineTune = overrides ? new FineTuneOverrides(r.GetValue(ftSteps), r.GetValue(ftLr), r.GetValue(ftRank)) : null,
                AdapterDir = r.GetValue(adapters),
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
                    ["fine_tunes"] = new JsonArray(outcome.FineTunes.Select(f => (JsonNode)new JsonObject
                    {
                        ["set"] = f.Set,
                        ["checkpoints"] = f.Checkpoints,
                        ["seconds_per_checkpoint"] = Math.Round(f.SecondsPerCheckpoint, 3),
                        ["first_loss"] = Math.Round(f.FirstLoss, 4),
                        ["last_loss"] = Math.Round(f.LastLoss, 4),
                    }).ToArray()),
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

using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ModeHop.Cli.Pipeline.Applications;

namespace ModeHop.Cli.Commands;

/// <summary><c>modehop predictors</c>: do "simpler" checkpoints generalise better? (docs/predictors.md)</summary>
public static class PredictorsCommand
{
    public static Command Create()
    {
        var defaults = new PredictorOptions { DbPath = "" };
        var db = new Option<string>("--db") { Description = "The results DB (results.db of a lab run or a scan).", Required = true };
        var run = new Option<string?>("--run") { Description = "The run: its name, or its directory (a lab run directory, also when copied or moved); default: the DB's only run." };
        var examples = new Option<int>("--examples") { Description = "Probe examples, drawn round-robin over the run's test tasks (the same for every checkpoint).", DefaultValueFactory = _ => defaults.Examples };
        var every = new Option<int>("--every") { Description = "Probe every K-th scored checkpoint (and always the last).", DefaultValueFactory = _ => defaults.Every };
        var draws = new Option<int>("--random-draws") { Description = "Draws of the random-feature baseline.", DefaultValueFactory = _ => defaults.RandomDraws };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sharpness directions and the random baseline.", DefaultValueFactory = _ => defaults.Seed };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer.json to use (default: the checkpoint's, or its parent folders')." };
        var threads = Common.ThreadsOption();
        var json = Common.JsonOption();
        var command = new Command("predictors", "Per layer and checkpoint, measure RankMe, participation ratio and top-eigenvalue share of the activations, log trace of the empirical Fisher and mean |cos| of per-example gradients, and for the whole model also the parameter norm and sharpness; correlate each with the run's general probability across checkpoints (Spearman), pick each metric's best layer and set it beside a random-feature baseline put through the same selection. Stores findings predictor and predictor_best.")
        {
            db, run, examples, every, draws, seed, tokenizer, threads, json,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            Common.ApplyThreads(r.GetValue(threads));
            bool asJson = r.GetValue(json);
            var summary = Predictors.Run(new PredictorOptions
            {
                DbPath = Common.ExistingFile(r.GetValue(db)!, "results DB"),
                Run = r.GetValue(run),
                Examples = r.GetValue(examples),
                Every = r.GetValue(every),
                RandomDraws = r.GetValue(draws),
                Seed = r.GetValue(seed),
                TokenizerPath = r.GetValue(tokenizer),
                ShowProgress = !asJson,
            });
            if (asJson) Console.WriteLine(ToJson(summary).ToJsonString());
            else Print(summary);
            return CliErrors.Ok;
        }));
        return command;
    }

    public static JsonObject ToJson(PredictorSummary summary)
    {
        static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : null;
        var metrics = new JsonArray();
        foreach (var b in summary.Best)
        {
            var f = b.Finding;
            metrics.Add(new JsonObject
            {
                ["metric"] = f.Metric,
                ["best_layer"] = f.BestLayer,
                ["spearman"] = Number(f.Spearman),
                ["random_mean"] = Number(f.RandomMeanBestAbsSpearman),
                ["random_p95"] = Number(f.RandomP95BestAbsSpearman),
                ["beats_baseline"] = b.BeatsBaseline,
                ["layers"] = new JsonArray(summary.Series.Where(s => s.Metric == f.Metric).Select(s => (JsonNode)new JsonObject
                {
                    ["layer"] = s.Layer,
                    ["spearman"] = Number(s.Spearman),
                    ["values"] = new JsonArray(s.Values.Select(Number).ToArray()),
                }).ToArray()),
            });
        }
        return new JsonObject
        {
            ["run"] = summary.RunName,
            ["checkpoints"] = summary.Steps.Count,
            ["steps"] = new JsonArray(summary.Steps.Select(s => (JsonNode)s).ToArray()),
            ["general_probability"] = new JsonArray(summary.GeneralProbability.Select(Number).ToArray()),
            ["examples"] = summary.Examples,
            ["blocks"] = summary.Blocks,
            ["random_draws"] = summary.Best.FirstOrDefault()?.Finding.RandomDraws ?? 0,
            ["backward_passes_per_checkpoint"] = summary.BackwardPassesPerCheckpoint,
            ["seconds"] = Math.Round(summary.Seconds, 3),
            ["metrics"] = metrics,
        };
    }

    public static void Print(PredictorSummary summary)
    {
        static string F(double v) => double.IsFinite(v) ? v.ToString("+0.000;-0.000", CultureInfo.InvariantCulture) : "  n/a";
        Console.WriteLine($"predictors: run '{summary.RunName}', {summary.Steps.Count} checkpoints, {summary.Examples} examples, {summary.Blocks} blocks; " +
            $"{summary.Seconds:F1} s ({summary.SecondsPerCheckpoint:F2} s per checkpoint)");
        Console.WriteLine($"Spearman ρ with the general probability; random baseline: best |ρ| of as many random series, {summary.Best.FirstOrDefault()?.Finding.RandomDraws} draws");
        Console.WriteLine($"  {"metric",-20} {"best layer",-10} {"ρ",7}   {"random mean",11} {"p95",6}   beats p95");
        foreach (var b in summary.Best)
        {
            var f = b.Finding;
            Console.WriteLine($"  {f.Metric,-20} {PredictorMetrics.LayerName(f.BestLayer),-10} {F(f.Spearman),7}   {f.RandomMeanBestAbsSpearman,11:F3} {f.RandomP95BestAbsSpearman,6:F3}   {(b.BeatsBaseline ? "yes" : "no")}");
        }
        Console.WriteLine("  layers: 0 (emb) = the embedding output, l = the residual stream after block l, whole = all parameters");
    }
}

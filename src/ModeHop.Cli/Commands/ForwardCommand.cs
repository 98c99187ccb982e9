using System.CommandLine;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json.Serialization;
using ModeHop.Models.Adapters;
using ModeHop.Models.HuggingFace;
using ModeHop.Tensors;
using ModeHop.Tensors.Kernels;

namespace ModeHop.Cli.Commands;

/// <summary>
/// <c>modehop forward</c>: runs token ids through a checkpoint (one sequence, no tape) and prints, per position, the
/// input token, the next given token with its log-probability (natural log, from the log-softmax of the logits; the
/// last position has no next token) and the argmax token; with <c>--full</c>, the whole log-softmax row; with
/// <c>--adapter DIR</c>, through the checkpoint with a saved low-rank adapter (PEFT layout, <see cref="LoraFiles"/>) applied.
/// </summary>
public static class ForwardCommand
{
    /// <summary>One position of <c>forward --json</c>; <see cref="LogSoftmax"/> only with <c>--full</c>.</summary>
    public sealed record PositionRow(
        int Position, int Token, int? NextToken, float? NextLogProb, int Argmax,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float[]? LogSoftmax);

    /// <summary>What <c>forward --json</c> prints.</summary>
    public sealed record Result(string Model, string Family, int[] Tokens, IReadOnlyList<PositionRow> Positions,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Adapter = null);

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A checkpoint directory (config.json + model.safetensors, or sharded weights).", Required = true };
        var tokens = new Option<string>("--tokens") { Description = "The token ids to run, separated by commas: --tokens 1,2,3.", Required = true };
        var full = new Option<bool>("--full") { Description = "Also print every position's whole log-softmax row (one value per vocabulary entry)." };
        var adapter = new Option<string?>("--adapter") { Description = "A saved low-rank adapter directory (adapter_config.json + adapter_model.safetensors, PEFT layout) to apply to the checkpoint." };
        var json = Common.JsonOption();
        var threads = Common.ThreadsOption();
        var command = new Command("forward", "Run token ids through a checkpoint and print, per position, the token, the next given token and its log-probability (natural log), and the most likely next token.")
        {
            model, tokens, full, adapter, json, threads,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            Common.ApplyThreads(r.GetValue(threads));
            var ids = ParseTokens(r.GetValue(tokens)!);
            var result = Run(r.GetValue(model)!, ids, r.GetValue(full), r.GetValue(adapter));
            if (r.GetValue(json)) JsonOut.Print(result);
            else Print(result);
            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary>Comma-separated non-negative integers; anything else is a <see cref="UsageException"/> naming the item.</summary>
    public static int[] ParseTokens(string text)
    {
        const string example = "give token ids separated by commas, e.g. --tokens 1,2,3";
        if (string.IsNullOrWhiteSpace(text)) throw new UsageException($"--tokens is empty; {example}.");
        var items = text.Split(',');
        var ids = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            string item = items[i].Trim();
            if (item.Length == 0) throw new UsageException($"--tokens: item {i + 1} of \"{text}\" is empty; {example}.");
            if (!int.TryParse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ids[i]))
                throw new UsageException($"--tokens: '{item}' (item {i + 1}) is not a token id; {example}.");
            if (ids[i] < 0) throw new UsageException($"--tokens: {ids[i]} (item {i + 1}) is negative; token ids start at 0.");
        }
        return ids;
    }

    /// <summary>Loads <paramref name="dir"/> (with the adapter of <paramref name="adapterDir"/>, when given) and runs <paramref name="tokens"/> as one sequence.</summary>
    public static Result Run(string dir, int[] tokens, bool full, string? adapterDir = null)
    {
        var model = HfCheckpoint.Load(dir);
        if (adapterDir is not null) model.Adapters = LoraFiles.Load(adapterDir, model);
        int T = tokens.Length, V = model.Config.VocabSize, maxT = model.Config.MaxSeqLen;
        for (int i = 0; i < T; i++)
            if (tokens[i] >= V)
                throw new UsageException($"--tokens: {tokens[i]} (item {i + 1}) is outside the vocabulary of {dir} (ids 0 to {V - 1}).");
        if (T > maxT)
            throw new UsageException($"--tokens: {T} tokens, but {dir} reads at most {maxT} (its maximum sequence length).");

        var logits = model.Forward(new Tape { Recording = false }, tokens, 1, T); // [1, T, V]
        var logProbs = new float[T * V];
        LogSoftmaxKernel.Forward(logits.Data, T, logProbs);                       // [T, V]
        var positions = new PositionRow[T];
        for (int t = 0; t < T; t++)
        {
            var row = new ReadOnlySpan<float>(logProbs, t * V, V);
            int? next = t + 1 < T ? tokens[t + 1] : null;
            positions[t] = new PositionRow(t, tokens[t], next, next is { } n ? row[n] : null, TensorPrimitives.IndexOfMax(row), full ? row.ToArray() : null);
        }
        return new Result(Path.GetFullPath(dir), HfConfig.ModelType(model.Config.Family), tokens, positions,
            adapterDir is null ? null : Path.GetFullPath(adapterDir));
    }

    static void Print(Result result)
    {
        Console.WriteLine($"model {result.Model} ({result.Family}){(result.Adapter is null ? "" : $", adapter {result.Adapter}")}, {result.Tokens.Length} tokens");
        Console.WriteLine($"{"position",8} {"token",8} {"next",8} {"log P(next)",12} {"argmax",8}");
        foreach (var p in result.Positions)
        {
            string next = p.NextToken is { } n ? n.ToString(CultureInfo.InvariantCulture) : "-";
            string logProb = p.NextLogProb is { } lp ? lp.ToString("F4", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine($"{p.Position,8} {p.Token,8} {next,8} {logProb,12} {p.Argmax,8}");
            if (p.LogSoftmax is { } row)
                Console.WriteLine($"{"",8} log-softmax: {string.Join(' ', row.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)))}");
        }
    }
}

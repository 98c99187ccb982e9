using System.CommandLine;
using ModeHop.Models.HuggingFace;
using ModeHop.Models.Transformer;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Cli.Commands;

/// <summary><c>modehop inspect</c>: describe (and validate) one checkpoint directory.</summary>
public static class InspectCommand
{
    /// <summary>What <c>inspect --json</c> prints.</summary>
    public sealed record Description(
        string Path, string Family, int Layers, int Channels, int Heads, int KvHeads, int HeadDim, int MlpHidden,
        int VocabSize, int MaxSeqLen, long Parameters, long? Step, long? TokensSeen,
        IReadOnlyDictionary<string, long> Dtypes, bool OptimizerState, bool TrainerState, int WeightFiles);

    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "A checkpoint directory (config.json + model.safetensors, or sharded weights)." };
        var json = Common.JsonOption();
        var command = new Command("inspect", "Describe a checkpoint: family and shape, parameter count, step and tokens, weight dtypes, and whether optimiser state is present. Every file is validated; a damaged one is reported with exit code 2.")
        {
            dir, json,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            var d = Describe(r.GetValue(dir)!);
            if (r.GetValue(json)) JsonOut.Print(d);
            else Print(d);
            return CliErrors.Ok;
        }));
        return command;
    }

    public static Description Describe(string dir)
    {
        var config = HfCheckpoint.ReadConfig(dir);
        var model = new TransformerModel(config);
        var weights = HfCheckpoint.Verify(dir, model);

        string optimizerPath = Path.Combine(dir, Checkpoint.OptimizerFile);
        bool hasOptimizer = File.Exists(optimizerPath);
        if (hasOptimizer) Checkpoint.VerifyOptimizer(optimizerPath, model);

        string statePath = Path.Combine(dir, TrainerState.FileName);
        TrainerState? state = File.Exists(statePath) ? TrainerState.Read(statePath) : null;
        return new Description(Path.GetFullPath(dir), HfConfig.ModelType(config.Family), config.Layers, config.Channels, config.Heads, config.KvHeads, config.HeadDim,
            config.MlpHidden, config.VocabSize, config.MaxSeqLen, config.ParameterCount(), state?.Step, state?.TokensSeen,
            weights.Dtypes, hasOptimizer, state is not null, weights.Files);
    }

    static void Print(Description d)
    {
        Console.WriteLine($"checkpoint   {d.Path}");
        Console.WriteLine($"family       {d.Family}");
        Console.WriteLine($"shape        layers {d.Layers}, channels {d.Channels}, heads {d.Heads} (kv {d.KvHeads}, dim {d.HeadDim}), mlp {d.MlpHidden}, vocab {d.VocabSize}, max seq {d.MaxSeqLen}");
        Console.WriteLine($"parameters   {d.Parameters:N0}");
        Console.WriteLine($"step         {(d.Step is { } s ? s.ToString("N0") : "unknown (no trainer_state.json)")}");
        Console.WriteLine($"tokens seen  {(d.TokensSeen is { } t ? t.ToString("N0") : "unknown")}");
        Console.WriteLine($"dtypes       {string.Join(", ", d.Dtypes.Select(kv => $"{kv.Key} ×{kv.Value}"))} in {d.WeightFiles} file(s)");
        Console.WriteLine($"optimiser    {(d.OptimizerState ? "present (resumable)" : "absent")}");
    }
}

using System.CommandLine;
using ModeHop.Cli.Bench;

namespace ModeHop.Cli.Commands;

/// <summary><c>modehop bench</c>: speed and memory measurements, one JSON object each.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure speed and memory; compare with bench/torch_train.py and bench/numpy_sgemm.py (see bench/run.sh).");
        command.Subcommands.Add(Gemm());
        command.Subcommands.Add(Train());
        return command;
    }

    static Option<int> Positive(string name, string description, int fallback) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => fallback,
        Validators = { r => { if (r.GetValueOrDefault<int>() < 1) r.AddError($"{name} must be at least 1."); } },
    };

    static Command Gemm()
    {
        var size = Positive("--size", "Matrix size N of an N×N×N product.", 1024);
        var threads = Positive("--threads", "Worker threads.", Environment.ProcessorCount);
        var repeats = Positive("--repeats", "Timed repetitions after warm-up.", 10);
        var json = Common.JsonOption();
        var command = new Command("gemm", "GFLOP/s of the fp32 GEMM in the three training forms (X·Wᵀ, dY·W, dYᵀ·X accumulate).") { size, threads, repeats, json };
        command.SetAction(r => CliErrors.Run(() =>
        {
            var result = GemmBench.Run(r.GetValue(size), r.GetValue(threads), r.GetValue(repeats));
            if (r.GetValue(json)) JsonOut.Print(result);
            else Console.WriteLine(result);
            return CliErrors.Ok;
        }));
        return command;
    }

    static Command Train()
    {
        var layers = Positive("--layers", "Transformer blocks (L).", 4);
        var channels = Positive("--channels", "Residual width (C).", 128);
        var heads = Positive("--heads", "Attention heads (H); must divide C.", 4);
        var seq = Positive("--seq", "Sequence length (T).", 128);
        var vocab = Positive("--vocab", "Vocabulary size (V).", 512);
        var batch = Positive("--batch", "Batch size (B).", 32);
        var steps = Positive("--steps", "Timed steps after 2 warm-up steps.", 10);
        var threads = Positive("--threads", "Worker threads.", Environment.ProcessorCount);
        var json = Common.JsonOption();
        var command = new Command("train", "Tokens/s, ms/step and peak memory of full training steps of a GPT-2-style model on random tokens.")
        {
            layers, channels, heads, seq, vocab, batch, steps, threads, json,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            int c = r.GetValue(channels), h = r.GetValue(heads);
            if (c % h != 0) throw new UsageException($"--heads {h} must divide --channels {c}.");
            var result = TrainBench.Run(r.GetValue(layers), c, h, r.GetValue(seq), r.GetValue(vocab), r.GetValue(batch), r.GetValue(steps), r.GetValue(threads));
            if (r.GetValue(json)) JsonOut.Print(result);
            else Console.WriteLine(result);
            return CliErrors.Ok;
        }));
        return command;
    }
}

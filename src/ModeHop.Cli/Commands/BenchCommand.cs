using System.CommandLine;
using ModeHop.Cli.Bench;
using ModeHop.Models.Scoring;
using ModeHop.Models.Transformer;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Cli.Commands;

/// <summary><c>modehop bench</c>: speed and memory measurements, one JSON object each.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure speed and memory; compare with bench/torch_train.py, bench/torch_score.py, bench/torch_lora.py and bench/numpy_sgemm.py (see bench/run.sh).");
        command.Subcommands.Add(Gemm());
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Score());
        command.Subcommands.Add(FineTune());
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
            Print(GemmBench.Run(r.GetValue(size), r.GetValue(threads), r.GetValue(repeats)), r.GetValue(json));
            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary>The model-shape options <c>bench train</c> and <c>bench finetune</c> share, each verb with its own defaults.</summary>
    sealed record ShapeOptions(Option<int> Layers, Option<int> Channels, Option<int> Heads, Option<int> Seq, Option<int> Vocab, Option<int> Batch)
    {
        public static ShapeOptions Create(int layers, int channels, int heads, int seq, int vocab, int batch) => new(
            Positive("--layers", "Transformer blocks (L).", layers),
            Positive("--channels", "Residual width (C).", channels),
            Positive("--heads", "Attention heads (H); must divide C.", heads),
            Positive("--seq", "Sequence length (T).", seq),
            Positive("--vocab", "Vocabulary size (V).", vocab),
            Positive("--batch", "Batch size (B).", batch));

        public IEnumerable<Option> All => [Layers, Channels, Heads, Seq, Vocab, Batch];

        /// <exception cref="UsageException">The heads do not divide the channels.</exception>
        public (int L, int C, int H, int T, int V, int B) Read(ParseResult r)
        {
            int c = r.GetValue(Channels), h = r.GetValue(Heads);
            if (c % h != 0) throw new UsageException($"--heads {h} must divide --channels {c}.");
            return (r.GetValue(Layers), c, h, r.GetValue(Seq), r.GetValue(Vocab), r.GetValue(Batch));
        }
    }

    /// <summary>One JSON object with --json, else the result's text.</summary>
    static void Print(object result, bool json)
    {
        if (json) JsonOut.Print(result);
        else Console.WriteLine(result);
    }

    static Command Train()
    {
        var shape = ShapeOptions.Create(layers: 4, channels: 128, heads: 4, seq: 128, vocab: 512, batch: 32);
        var steps = Positive("--steps", "Timed steps after 2 warm-up steps.", 10);
        var threads = Positive("--threads", "Worker threads.", Environment.ProcessorCount);
        var json = Common.JsonOption();
        var command = new Command("train", "Tokens/s, ms/step and peak memory of full training steps of a GPT-2-style model on random tokens.");
        foreach (var option in shape.All.Append(steps).Append(threads).Append(json)) command.Options.Add(option);
        command.SetAction(r => CliErrors.Run(() =>
        {
            var (l, c, h, t, v, b) = shape.Read(r);
            Print(TrainBench.Run(l, c, h, t, v, b, r.GetValue(steps), r.GetValue(threads)), r.GetValue(json));
            return CliErrors.Ok;
        }));
        return command;
    }

    static Command FineTune()
    {
        var family = new Option<string>("--family") { Description = $"Model family (Hugging Face model_type): {string.Join(", ", FineTuneBench.Families)}.", DefaultValueFactory = _ => "gpt_neox" };
        var shape = ShapeOptions.Create(layers: 12, channels: 768, heads: 12, seq: 64, vocab: 50304, batch: 8);
        var steps = Positive("--steps", "Timed steps of each kind after 2 warm-up steps.", 5);
        var rank = Positive("--rank", "Adapter rank (r).", 1);
        var scored = new Option<int?>("--scored") { Description = "Positions per row that are targets (the last ones, as a completion's); default: all of them." };
        var threads = Positive("--threads", "Worker threads.", Environment.ProcessorCount);
        var json = Common.JsonOption();
        var command = new Command("finetune", "ms per fine-tune step with rank-r adapters over a frozen base, beside full fine-tune steps of the same model (random weights and tokens; defaults: the Pythia-160M shape).");
        foreach (var option in shape.All.Prepend(family).Concat([steps, rank, scored, threads, json])) command.Options.Add(option);
        command.SetAction(r => CliErrors.Run(() =>
        {
            var (l, c, h, t, v, b) = shape.Read(r);
            var config = FineTuneBench.Shape(r.GetValue(family)!, l, c, h, v, t)
                ?? throw new UsageException($"--family {r.GetValue(family)} is not one of {string.Join(", ", FineTuneBench.Families)}.");
            if (r.GetValue(scored) is { } k && (k < 1 || k > t))
                throw new UsageException($"--scored {k} must be between 1 and --seq {t}.");
            Print(FineTuneBench.Run(config, b, r.GetValue(steps), r.GetValue(rank), r.GetValue(threads), r.GetValue(scored)), r.GetValue(json));
            return CliErrors.Ok;
        }));
        return command;
    }

    static Command Score()
    {
        var modelDir = new Option<string?>("--model") { Description = "A Hugging Face checkpoint directory (config.json, model.safetensors) to score with." };
        var shape = new Option<string?>("--shape") { Description = $"A model shape with random weights instead of --model: {string.Join(", ", ScoreBench.Shapes.Keys)}." };
        var requests = Positive("--requests", "Score requests in the workload.", 128);
        var context = Positive("--context", "Mean context length in tokens (drawn uniformly from half to one and a half times it).", 256);
        var continuations = Positive("--continuations", "Continuations per request (1–3 tokens each).", 2);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the workload and of the random weights.", DefaultValueFactory = _ => 1 };
        var threads = Positive("--threads", "Worker threads.", Environment.ProcessorCount);
        var tokensPerBatch = Positive("--tokens-per-batch", "Context tokens (padding included) per batch: bounds activations and caches.", TransformerScorer.DefaultTokensPerBatch);
        var warmup = new Option<int>("--warmup") { Description = "Requests scored once, untimed, before the timed run.", DefaultValueFactory = _ => 4 };
        var plain = new Option<bool>("--plain") { Description = "The plain path: every continuation as context + continuation, logits at every position (no prefix reuse)." };
        var writeWorkload = new Option<string?>("--write-workload") { Description = "Also write the workload as JSON here, for bench/torch_score.py --workload." };
        var saveModel = new Option<string?>("--save-model") { Description = "Also write the model (config.json, model.safetensors) into this directory, so bench/torch_score.py --model scores the same weights." };
        var json = Common.JsonOption();
        var command = new Command("score", "Tokens/s (context + continuation tokens per wall second), ms per request and peak memory of scoring a suite-like workload.")
        {
            modelDir, shape, requests, context, continuations, seed, threads, tokensPerBatch, warmup, plain, writeWorkload, saveModel, json,
        };
        command.SetAction(r => CliErrors.Run(() =>
        {
            string? dir = r.GetValue(modelDir), name = r.GetValue(shape);
            if ((dir is null) == (name is null)) throw new UsageException("Give exactly one of --model DIR and --shape NAME.");
            if (r.GetValue(warmup) < 0) throw new UsageException("--warmup must be at least 0.");
            TransformerModel model;
            if (dir is not null) model = Checkpoint.LoadModel(dir);
            else
            {
                if (!ScoreBench.Shapes.TryGetValue(name!, out var config))
                    throw new UsageException($"--shape {name} is not one of {string.Join(", ", ScoreBench.Shapes.Keys)}.");
                model = new TransformerModel(config);
                model.Initialize(r.GetValue(seed));
            }
            int longest = ScoreWorkload.LongestContext(r.GetValue(context)) + ScoreWorkload.MaxContinuation - 1;
            if (longest > model.Config.MaxSeqLen)
                throw new UsageException($"--context {r.GetValue(context)} draws sequences of up to {longest} tokens; the model reads at most {model.Config.MaxSeqLen}.");
            var workload = ScoreWorkload.Generate(r.GetValue(requests), r.GetValue(context), r.GetValue(continuations), model.Config.VocabSize, r.GetValue(seed));
            if (r.GetValue(writeWorkload) is { } path) workload.Write(path);
            if (r.GetValue(saveModel) is { } modelOut)
            {
                Directory.CreateDirectory(modelOut);
                Checkpoint.WriteModel(modelOut, model);
            }
            Print(ScoreBench.Run(model, dir ?? name!, workload, r.GetValue(threads), r.GetValue(tokensPerBatch), r.GetValue(plain), r.GetValue(warmup)), r.GetValue(json));
            return CliErrors.Ok;
        }));
        return command;
    }
}

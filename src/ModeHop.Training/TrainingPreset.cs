using ModeHop.Models.HuggingFace;
using ModeHop.Models.Transformer;
using ModeHop.Training.Checkpoints;
using ModeHop.Training.Optim;

namespace ModeHop.Training;

/// <summary>
/// Everything a training run needs besides its data: model shape, batch, schedule, optimiser,
/// checkpoints and seed. Presets are JSON files (built-in ones ship inside the assembly); unknown
/// keys and bad values are errors.
/// </summary>
public sealed record TrainingPreset
{
    public required ModelConfig Model { get; init; }
    public int BatchSize { get; init; } = 16;
    public int SeqLen { get; init; } = 64;
    public int Steps { get; init; } = 300;
    public ulong Seed { get; init; } = 1;
    public float LearningRate { get; init; } = 3e-3f;
    public float MinLearningRate { get; init; } = 3e-4f;
    public int WarmupSteps { get; init; } = 30;
    public DecayKind Decay { get; init; } = DecayKind.Cosine;
    public AdamWOptions Optimizer { get; init; } = new();
    public float ClipNorm { get; init; } = 1f;
    public CheckpointSchedule Checkpoints { get; init; } = new(100, 64);

    public LearningRateSchedule Schedule => new(LearningRate, WarmupSteps, Steps, MinLearningRate, Decay);

    /// <summary>Names of the presets built into ModeHop.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = ["tiny"];

    /// <summary>A built-in preset by name, or a preset JSON file by path.</summary>
    public static TrainingPreset Load(string nameOrPath)
    {
        var (text, source) = BuiltInJson.Read(typeof(TrainingPreset).Assembly, "ModeHop.Training.Presets", BuiltIn, nameOrPath, "preset");
        return Parse(text, source);
    }

    public static TrainingPreset Parse(string json, string source)
    {
        var j = StrictJson.Parse(json, source);
        var family = HfConfig.FamilyOf(j.Choice("family", "gpt2", [.. HfConfig.ModelTypes]))!.Value;
        bool llamaStyle = ModelConfig.IsLlamaStyle(family);
        int channels = j.Int("channels", 128), heads = j.Int("heads", 4), seqLen = j.Int("seq_len", 64);
        var model = new ModelConfig
        {
            Family = family,
            Layers = j.Int("layers", 4),
            Channels = channels,
            Heads = heads,
            KvHeads = j.Int("kv_heads", heads),
            HeadDim = heads > 0 ? channels / heads : 0,
            MlpHidden = j.Int("mlp_hidden", llamaStyle ? 8 * channels / 3 : 4 * channels),
            VocabSize = j.Int("vocab", 512),
            MaxSeqLen = j.Int("max_seq_len", seqLen),
            RotaryFraction = j.Float("rotary_fraction", family == ModelFamily.GptNeoX ? 0.25f : llamaStyle ? 1f : 0f),
            RopeTheta = j.Float("rope_theta", 10000f),
            ParallelResidual = j.Bool("parallel_residual", family == ModelFamily.GptNeoX),
            TiedEmbeddings = j.Bool("tied_embeddings", family == ModelFamily.Gpt2),
            Bias = !llamaStyle,
        };
        var preset = new TrainingPreset
        {
            Model = model,
            BatchSize = j.Int("batch", 16),
            SeqLen = seqLen,
            Steps = j.Int("steps", 300),
            Seed = (ulong)j.Long("seed", 1),
            LearningRate = j.Float("lr", 3e-3f),
            MinLearningRate = j.Float("min_lr", 3e-4f),
            WarmupSteps = j.Int("warmup", 30),
            Decay = j.Choice("decay", "cosine", "cosine", "constant") == "constant" ? DecayKind.Constant : DecayKind.Cosine,
            Optimizer = new AdamWOptions
            {
                Beta1 = j.Float("beta1", 0.9f),
                Beta2 = j.Float("beta2", 0.95f),
                Epsilon = j.Float("eps", 1e-8f),
                WeightDecay = j.Float("weight_decay", 0.1f),
            },
            ClipNorm = j.Float("clip", 1f),
            Checkpoints = new CheckpointSchedule(j.Int("checkpoint_every", 100), j.Int("log_spaced_until", 64)),
        };
        j.RejectUnknownKeys();
        preset.Validate(source);
        return preset;
    }

    /// <summary>The preset as JSON with every key spelled out; <see cref="Parse"/> reads it back unchanged.</summary>
    public string ToJson()
    {
        var m = Model;
        var o = new System.Text.Json.Nodes.JsonObject
        {
            ["family"] = HfConfig.ModelType(m.Family),
            ["layers"] = m.Layers,
            ["channels"] = m.Channels,
            ["heads"] = m.Heads,
            ["kv_heads"] = m.KvHeads,
            ["mlp_hidden"] = m.MlpHidden,
            ["vocab"] = m.VocabSize,
            ["max_seq_len"] = m.MaxSeqLen,
            ["rotary_fraction"] = m.RotaryFraction,
            ["rope_theta"] = m.RopeTheta,
            ["parallel_residual"] = m.ParallelResidual,
            ["tied_embeddings"] = m.TiedEmbeddings,
            ["seq_len"] = SeqLen,
            ["batch"] = BatchSize,
            ["steps"] = Steps,
            ["seed"] = Seed,
            ["lr"] = LearningRate,
            ["min_lr"] = MinLearningRate,
            ["warmup"] = WarmupSteps,
            ["decay"] = Decay == DecayKind.Constant ? "constant" : "cosine",
            ["beta1"] = Optimizer.Beta1,
            ["beta2"] = Optimizer.Beta2,
            ["eps"] = Optimizer.Epsilon,
            ["weight_decay"] = Optimizer.WeightDecay,
            ["clip"] = ClipNorm,
            ["checkpoint_every"] = Checkpoints.Every,
            ["log_spaced_until"] = Checkpoints.LogSpacedUntil,
        };
        return o.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first impossible setting.</summary>
    public void Validate(string source)
    {
        try
        {
            Model.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}");
        }
        void Check(bool ok, string message)
        {
            if (!ok) throw new InvalidDataException($"{source}: {message}");
        }
        Check(BatchSize > 0, $"batch must be positive, got {BatchSize}.");
        Check(SeqLen > 0, $"seq_len must be positive, got {SeqLen}.");
        Check(SeqLen <= Model.MaxSeqLen, $"seq_len {SeqLen} exceeds max_seq_len {Model.MaxSeqLen}.");
        Check(Steps >= 0, $"steps must be zero or more, got {Steps}.");
        Check(LearningRate > 0, $"lr must be positive, got {LearningRate}.");
        Check(MinLearningRate >= 0 && MinLearningRate <= LearningRate, $"min_lr must be in [0, lr], got {MinLearningRate}.");
        Check(WarmupSteps >= 0, $"warmup must be zero or more, got {WarmupSteps}.");
        Check(Optimizer.Beta1 is >= 0 and < 1 && Optimizer.Beta2 is >= 0 and < 1, "beta1 and beta2 must be in [0, 1).");
        Check(Optimizer.Epsilon > 0, $"eps must be positive, got {Optimizer.Epsilon}.");
        Check(Optimizer.WeightDecay >= 0, $"weight_decay must be zero or more, got {Optimizer.WeightDecay}.");
        Check(ClipNorm >= 0, $"clip must be zero (off) or positive, got {ClipNorm}.");
        Check(Checkpoints.Every >= 0 && Checkpoints.LogSpacedUntil >= 0, "checkpoint_every and log_spaced_until must be zero or more.");
        Check(Model.Family == ModelFamily.Gpt2 || Model.HeadDim * Model.Heads == Model.Channels, $"heads ({Model.Heads}) must divide channels ({Model.Channels}).");
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModeHop.Training.Checkpoints;

/// <summary>One logged training loss.</summary>
public sealed record LossPoint(long Step, float Loss);

/// <summary>
/// <c>trainer_state.json</c>: where a run stood when a checkpoint was written. Holds only
/// deterministic facts, so two identical runs write identical files.
/// </summary>
public sealed record TrainerState
{
    public const string FileName = "trainer_state.json";
    public const string FormatName = "modehop-trainer-state";

    public string Format { get; init; } = FormatName;
    public int Version { get; init; } = 1;

    /// <summary>Optimiser updates taken; the weights are those after this many steps.</summary>
    public long Step { get; init; }

    public long TokensSeen { get; init; }

    /// <summary>Learning rate of the last update taken (0 at step 0).</summary>
    public float LearningRate { get; init; }

    public ulong Seed { get; init; }

    /// <summary>Rows of training data consumed so far: the data source's position.</summary>
    public long DataCursor { get; init; }

    /// <summary>What the data was (the batch source's description).</summary>
    public string Data { get; init; } = "";

    public int BatchSize { get; init; }
    public int SeqLen { get; init; }
    public long TotalSteps { get; init; }

    /// <summary>The data of the steps since the previous checkpoint, for sources that describe it (the lab).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModeHop.Training.Data.DataComposition? Composition { get; init; }

    /// <summary>Losses of the steps since the previous checkpoint.</summary>
    public IReadOnlyList<LossPoint> Losses { get; init; } = [];

    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static TrainerState Read(string path)
    {
        TrainerState? state;
        try
        {
            state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid trainer state ({e.Message}); the checkpoint is damaged — resume from an earlier one.");
        }
        if (state is null || state.Format != FormatName)
            throw new InvalidDataException($"{path}: not a ModeHop trainer state (format should be \"{FormatName}\").");
        if (state.Version != 1)
            throw new InvalidDataException($"{path}: trainer state version {state.Version} is not supported (expected 1); use the ModeHop version that wrote it.");
        if (state.Step < 0 || state.TokensSeen < 0)
            throw new InvalidDataException($"{path}: negative step or token count.");
        return state;
    }
}

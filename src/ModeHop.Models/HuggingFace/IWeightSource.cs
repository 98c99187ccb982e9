namespace ModeHop.Models.HuggingFace;

/// <summary>Named tensors read as fp32 from one or more files (a checkpoint, a golden file).</summary>
public interface IWeightSource
{
    /// <summary>Every tensor name the source holds.</summary>
    IEnumerable<string> Names { get; }

    /// <summary>The shape of a tensor; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    int[] Shape(string name);

    /// <summary>The values of a tensor converted to fp32.</summary>
    float[] ReadFloat32(string name);

    /// <summary>The file that holds a tensor, for error messages.</summary>
    string FileOf(string name);
}

/// <summary>A tensor in Hugging Face naming and layout, ready to be written.</summary>
public sealed record HfTensor(string Name, int[] Shape, float[] Data);

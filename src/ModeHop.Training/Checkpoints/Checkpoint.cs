using System.Globalization;
using System.Text.Json;
using ModeHop.Models;
using ModeHop.Models.HuggingFace;
using ModeHop.Models.SafeTensors;
using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Training.Optim;

namespace ModeHop.Training.Checkpoints;

/// <summary>
/// A checkpoint directory in the Hugging Face layout: <c>config.json</c>, <c>model.safetensors</c>,
/// and for lab runs <c>optimizer.safetensors</c> (AdamW moments under the weights' names with
/// <c>.exp_avg</c> / <c>.exp_avg_sq</c>) and <c>trainer_state.json</c>. A checkpoint is written
/// under a temporary name and renamed into place, so a crash never leaves half of one.
/// </summary>
public static class Checkpoint
{
    public const string ConfigFile = HfCheckpoint.ConfigFile;
    public const string ModelFile = "model.safetensors";
    public const string OptimizerFile = "optimizer.safetensors";

    public static string DirectoryName(long step) => $"step{step:D6}";

    /// <summary>Writes checkpoint <paramref name="state"/>.Step of a run into <paramref name="runDir"/> and returns its path.</summary>
    public static string Save(string runDir, TransformerModel model, AdamW? optimizer, TrainerState state,
        IReadOnlyDictionary<string, string>? extraFiles = null)
    {
        Directory.CreateDirectory(runDir);
        string final = Path.Combine(runDir, DirectoryName(state.Step));
        string temp = AtomicFiles.TempDirectoryFor(final);

        var map = WeightMap.For(model);
        WriteModel(temp, model);
        if (optimizer is not null)
        {
            var index = optimizer.Parameters.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
            var moments = map.ToHf(p => optimizer.FirstMoment(index[p])).Select(t => (t.Name + ".exp_avg", t.Shape, t.Data))
                .Concat(map.ToHf(p => optimizer.SecondMoment(index[p])).Select(t => (t.Name + ".exp_avg_sq", t.Shape, t.Data)));
            SafeTensorsWriter.Write(Path.Combine(temp, OptimizerFile), moments,
                new Dictionary<string, string> { ["format"] = "modehop-adamw", ["step"] = optimizer.Step.ToString(CultureInfo.InvariantCulture) });
        }
        if (extraFiles is not null)
            foreach (var (name, content) in extraFiles) AtomicFiles.WriteText(Path.Combine(temp, name), content);
        AtomicFiles.WriteText(Path.Combine(temp, TrainerState.FileName), state.ToJson());

        AtomicFiles.ReplaceDirectory(temp, final);
        return final;
    }

    /// <summary>Reads the model of a checkpoint directory (any Hugging Face checkpoint of a supported family): <see cref="HfCheckpoint.Load"/>.</summary>
    public static TransformerModel LoadModel(string dir) => HfCheckpoint.Load(dir);

    /// <summary>Loads a checkpoint's weights into an existing model of the same configuration: <see cref="HfCheckpoint.LoadWeights"/>.</summary>
    public static void LoadWeights(string dir, TransformerModel model) => HfCheckpoint.LoadWeights(dir, model);

    /// <summary>Restores AdamW moments and step count from a checkpoint's optimizer.safetensors.</summary>
    public static void LoadOptimizer(string dir, TransformerModel model, AdamW optimizer)
    {
        string path = Path.Combine(dir, OptimizerFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no optimiser state; this checkpoint cannot be resumed (only lab checkpoints carry optimizer.safetensors).", path);
        using var file = SafeTensorsSource.OpenFile(path);
        var index = optimizer.Parameters.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        foreach (var mapping in WeightMap.For(model).Mappings)
        {
            int i = index[mapping.Target];
            mapping.Load(new SuffixedSource(file, ".exp_avg"), optimizer.FirstMoment(i));
            mapping.Load(new SuffixedSource(file, ".exp_avg_sq"), optimizer.SecondMoment(i));
        }
        if (!file.Metadata.TryGetValue("step", out var stepText) || !long.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out long step))
            throw new InvalidDataException($"{path}: metadata has no valid 'step'; the optimiser state is damaged.");
        optimizer.Step = step;
    }

    /// <summary>Checks optimizer.safetensors against the model: every moment present with its weight's shape.</summary>
    public static void VerifyOptimizer(string path, TransformerModel model)
    {
        using var file = SafeTensorsSource.OpenFile(path);
        var map = WeightMap.For(model);
        map.Verify(new SuffixedSource(file, ".exp_avg"), path);
        map.Verify(new SuffixedSource(file, ".exp_avg_sq"), path);
    }

    /// <summary>Complete checkpoints of a run (those with a readable trainer_state.json), by step.</summary>
    public static IReadOnlyList<(long Step, string Dir)> List(string runDir)
    {
        var list = new List<(long, string)>();
        if (!Directory.Exists(runDir)) return list;
        foreach (var dir in Directory.EnumerateDirectories(runDir, "step*"))
        {
            string name = Path.GetFileName(dir);
            if (long.TryParse(name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out long step)
                && File.Exists(Path.Combine(dir, TrainerState.FileName)))
                list.Add((step, dir));
        }
        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return list;
    }

    /// <summary>Removes directories left by a writer that was killed mid-checkpoint.</summary>
    public static void RemoveIncomplete(string runDir)
    {
        if (!Directory.Exists(runDir)) return;
        foreach (var dir in Directory.EnumerateDirectories(runDir, AtomicFiles.TempPrefix + "*")) Directory.Delete(dir, recursive: true);
        foreach (var dir in Directory.EnumerateDirectories(runDir, "step*.old-*")) Directory.Delete(dir, recursive: true);
    }

    public static void RequireDirectory(string dir) => HfCheckpoint.RequireDirectory(dir);


    /// <summary>Writes <paramref name="model"/>'s config.json and model.safetensors into the existing directory <paramref name="dir"/>: a Hugging Face model directory.</summary>
    public static void WriteModel(string dir, TransformerModel model)
    {
        AtomicFiles.WriteText(Path.Combine(dir, ConfigFile), HfConfig.ToJson(model.Config).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        SafeTensorsWriter.Write(Path.Combine(dir, ModelFile), WeightMap.For(model).ToHf(p => p.Data).Select(t => (t.Name, t.Shape, t.Data)),
            new Dictionary<string, string> { ["format"] = "pt" });
    }

    /// <summary>Reads tensors named <c>name + suffix</c> as if they were called <c>name</c>.</summary>
    sealed class SuffixedSource(IWeightSource inner, string suffix) : IWeightSource
    {
        readonly HashSet<string> all = new(inner.Names, StringComparer.Ordinal);

        public IEnumerable<string> Names => all.Where(n => n.EndsWith(suffix)).Select(n => n[..^suffix.Length]);
        public int[] Shape(string name) => inner.Shape(Require(name));
        public float[] ReadFloat32(string name) => inner.ReadFloat32(Require(name));
        public string FileOf(string name) => inner.FileOf(name + suffix);

        string Require(string name)
        {
            string full = name + suffix;
            if (!all.Contains(full))
                throw new InvalidDataException($"{inner.FileOf(full)}: missing optimiser tensor '{full}'; the optimiser state does not match the model.");
            return full;
        }
    }
}

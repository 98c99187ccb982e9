using ModeHop.Models.Transformer;
using ModeHop.Tensors;
using ModeHop.Tests.Models;
using ModeHop.Training;
using ModeHop.Training.Optim;

namespace ModeHop.Tests.Training;

public class TrainStepTests
{
    /// <summary>
    /// A step whose pass throws (a target outside the vocabulary, found by the cross-entropy after the whole forward)
    /// leaves its tape empty: trimmed, it holds nothing, and the next step gives a fresh step's loss and gradient norm.
    /// </summary>
    [Fact]
    public void Run_PassThrows_LeavesTheTapeEmptyForTheNextStep()
    {
        var model = TransformerInferenceTests.RandomModel("gpt2");
        var copy = new TransformerModel(model.Config);
        for (int i = 0; i < model.Parameters.Count; i++) model.Parameters[i].Data.CopyTo(copy.Parameters[i].Data);
        const int B = 2, T = 5;
        int V = model.Config.VocabSize;
        var ids = Enumerable.Range(0, B * T).Select(i => (i * 7 + 3) % V).ToArray();
        var targets = Enumerable.Range(0, B * T).Select(i => (i * 5 + 1) % V).ToArray();
        var bad = targets.ToArray();
        bad[^1] = V;

        var tape = new Tape();
        var step = new TrainStep(model, new AdamW(model.Parameters, new AdamWOptions()), clipNorm: 1f, tape);
        Assert.Throws<ArgumentOutOfRangeException>(() => step.Run(ids, bad, B, T, 1e-3f));
        tape.Trim();
        Assert.Equal(0, tape.PooledFloats);

        var fresh = new TrainStep(copy, new AdamW(copy.Parameters, new AdamWOptions()), clipNorm: 1f);
        Assert.Equal(fresh.Run(ids, targets, B, T, 1e-3f), step.Run(ids, targets, B, T, 1e-3f));
    }
}

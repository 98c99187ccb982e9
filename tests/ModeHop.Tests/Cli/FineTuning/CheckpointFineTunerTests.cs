using ModeHop.Cli.Pipeline.FineTuning;
using ModeHop.Models.Adapters;
using ModeHop.Models.Transformer;
using ModeHop.Suite;
using ModeHop.Tensors;
using ModeHop.Tests.Models;
using ModeHop.Tests.Suite;

namespace ModeHop.Tests.Cli.FineTuning;

public class CheckpointFineTunerTests
{
    static readonly StubTokenizer Tokenizer = new(Enumerable.Range(0, 30).Select(i => $"w{i}").ToArray());

    /// <summary>Four prompt → completion pairs of the stub vocabulary (ids 1–30 of a 48-token model).</summary>
    static FineTuneSet Set(int rank, int steps = 25, int seed = 5) => new("pairs",
        [new("w1 w2 w3", "w10"), new("w4 w5", "w11 w12"), new("w6 w7 w8 w9", "w13"), new("w2 w4", "w14 w15")],
        Steps: steps, Batch: 4, LearningRate: 3e-2, Seed: seed, AdapterRank: rank);

    /// <summary>A tiny GPT-NeoX with weights of spread 0.3, far from uniform predictions (a 0.02 init's head could hardly move the loss through rank-1 adapters).</summary>
    static TransformerModel Model() => TransformerInferenceTests.RandomModel("gpt_neox");

    /// <summary>The model's mean log-prob of every example's completion, scored as the suite scores an item.</summary>
    static double CompletionLogProb(TransformerModel model, FineTuneSet set)
    {
        var scorer = new ModeHop.Models.Scoring.TransformerScorer(model);
        var requests = set.Examples.Select(e => new ModeHop.Models.Scoring.ScoreRequest(Tokenizer.Encode(e.Prompt), [Tokenizer.Encode(PromptAssembly.Continuation(e.Completion))])).ToArray();
        return scorer.Score(requests).SelectMany(r => r[0]).Average(v => (double)v);
    }

    static float[] Logits(TransformerModel model)
    {
        var ids = Enumerable.Range(0, 16).Select(i => (i * 7 + 2) % model.Config.VocabSize).ToArray();
        return model.Forward(new Tape { Recording = false }, ids, 2, 8).Data.ToArray();
    }

    /// <summary>
    /// Full (rank 0) and adapter (rank 1) fine-tunes both lower the loss and raise the completions' scored log-prob;
    /// Restore gives back byte-identical logits, with the base unfrozen and no adapters; a second fine-tune of the same
    /// set from the same weights repeats the first exactly (losses and fine-tuned logits).
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void FineTune_LowersTheLoss_RestoresExactly_AndRepeats(int rank)
    {
        var model = Model();
        var set = Set(rank);
        var before = Logits(model);
        double scoredBefore = CompletionLogProb(model, set);
        var tuner = new CheckpointFineTuner(model, Tokenizer);

        var outcome = tuner.FineTune(set);
        Assert.Equal(("pairs", 25), (outcome.Set, outcome.Steps));
        Assert.True(outcome.LastLoss < outcome.FirstLoss - 0.3, $"rank {rank}: loss {outcome.FirstLoss} → {outcome.LastLoss}");
        Assert.True(outcome.Seconds > 0);
        Assert.Equal(rank > 0, model.Adapters is not null);
        double scoredAfter = CompletionLogProb(model, set);
        Assert.True(scoredAfter > scoredBefore + 0.3, $"rank {rank}: scored completion log-prob {scoredBefore} → {scoredAfter}");
        var tuned = Logits(model);

        tuner.Restore();
        Assert.Equal(before, Logits(model));
        Assert.Null(model.Adapters);
        Assert.All(model.Parameters, p => Assert.True(p.RequiresGrad));

        var again = tuner.FineTune(set);
        Assert.Equal((outcome.FirstLoss, outcome.LastLoss), (again.FirstLoss, again.LastLoss));
        Assert.Equal(tuned, Logits(model));
        tuner.Restore();
        tuner.Restore(); // no fine-tune in effect: a no-op
        Assert.Equal(before, Logits(model));

        // A new tuner on the same weights runs the same fine-tune; another seed runs another.
        var freshTuner = new CheckpointFineTuner(model, Tokenizer);
        Assert.Equal(outcome.LastLoss, freshTuner.FineTune(set).LastLoss);
        freshTuner.Restore();
        Assert.NotEqual(outcome.LastLoss, freshTuner.FineTune(set with { Seed = 6 }).LastLoss);
    }

    /// <summary>An adapter fine-tune saves its adapters under AdapterDirectory/set name; loaded back they reproduce the fine-tuned logits.</summary>
    [Fact]
    public void FineTune_WithAdapterDirectory_SavesAdaptersThatReproduceTheLogits()
    {
        var model = Model();
        string root = CliRunner.TempDir("finetune-adapters");
        var tuner = new CheckpointFineTuner(model, Tokenizer) { AdapterDirectory = root };
        tuner.FineTune(Set(rank: 2, steps: 5));
        var tuned = Logits(model);
        tuner.Restore();
        Assert.NotEqual(tuned, Logits(model));

        model.Adapters = LoraFiles.Load(Path.Combine(root, "pairs"), model);
        Assert.Equal(2, model.Adapters.Rank);
        Assert.Equal(tuned, Logits(model));
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void FineTune_Misuse_FailsClearly()
    {
        var model = Model();
        var tuner = new CheckpointFineTuner(model, Tokenizer);
        var before = Logits(model);
        tuner.FineTune(Set(rank: 1, steps: 1));
        Assert.Throws<InvalidOperationException>(() => tuner.FineTune(Set(rank: 1, steps: 1)));
        tuner.Restore();

        var tooLong = new FineTuneSet("long", [new(string.Join(' ', Enumerable.Repeat("w1", 20)), "w2")], 1, 1, 1e-2, 0);
        var e = Assert.Throws<InvalidDataException>(() => tuner.FineTune(tooLong));
        Assert.Contains("Fine-tune set long, example 0", e.Message);
        Assert.Throws<ArgumentException>(() => tuner.FineTune(Set(rank: 1) with { Batch = 0 }));
        Assert.Equal(before, Logits(model));
        Assert.Null(model.Adapters);

        var zero = tuner.FineTune(Set(rank: 0, steps: 0));
        Assert.True(double.IsNaN(zero.FirstLoss) && double.IsNaN(zero.LastLoss));
        tuner.Restore();
    }
}

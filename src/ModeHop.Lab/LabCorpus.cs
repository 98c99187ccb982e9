using ModeHop.Lab.Generators;
using ModeHop.Tensors;
using ModeHop.Training.Data;

namespace ModeHop.Lab;

/// <summary>
/// The lab's training data: one document per row, left-aligned and padded, loss on answers only (every word for
/// background text). Row b of step s is drawn from its own stream: first the family (by the recipe's weights, or
/// background text by its share), then the document kind (by the step's window, over the kinds the family has),
/// then the document, redrawn while it falls in the held-out bucket (a prompted family's; the fine-tuning families'
/// tasks ask about fresh names no document mentions, so they hold nothing out). Data is a pure function of the step, so a
/// resumed run sees what an uninterrupted one would, and the composition of any span can be recounted.
/// </summary>
public sealed class LabCorpus : IBatchSource
{
    public const string BackgroundName = "background";

    readonly Recipe recipe;
    readonly World world;
    readonly IReadOnlyList<IDocumentFamily> generators;
    readonly double[] familyWeights;
    readonly BackgroundText background;
    readonly ulong seed;

    public LabCorpus(Recipe recipe, World world)
    {
        this.recipe = recipe;
        this.world = world;
        generators = Catalog.Documents(world);
        familyWeights = generators.Select(g => recipe.FamilyWeights.TryGetValue(g.Family, out var w) ? w : 1).ToArray();
        background = new BackgroundText(world);
        seed = recipe.Training.Seed;
    }

    public string Describe() => $"lab(recipe={recipe.Name}, world_seed={world.Seed}, seed={seed})";

    public void Fill(long step, int batchSize, int seqLen, Span<int> inputs, Span<int> targets)
    {
        int B = batchSize, T = seqLen;
        var window = recipe.WindowAt(step).Window;
        int pad = world.Vocabulary.PadId;
        for (int b = 0; b < B; b++)
        {
            var rng = Rng.ForStream(seed, 0xDA7A, (ulong)step, (ulong)b);
            var (family, kind) = Choose(rng, window);
            string[] words;
            bool[] scored;
            if (family < 0)
            {
                words = background.Generate(rng, T + 1);
                scored = Enumerable.Repeat(true, words.Length).ToArray();
            }
            else
            {
                var g = generators[family];
                var episode = g is IFamilyGenerator prompted
                    ? HeldOut.Draw(() => prompted.Train(rng, kind), e => HeldOut.Key(e.Demos, e.Query, prompted.OrderedDemos), heldOut: false, g.Family)
                    : g.Train(rng, kind);
                (words, scored) = episode.Render();
            }
            if (words.Length > T + 1)
                throw new InvalidDataException($"recipe '{recipe.Name}': a {(family < 0 ? BackgroundName : generators[family].Family)} document has {words.Length} words but seq_len is {T}; set model.seq_len to at least {words.Length - 1}.");
            var rowIn = inputs.Slice(b * T, T);
            var rowTarget = targets.Slice(b * T, T);
            rowIn.Fill(pad);
            rowTarget.Fill(-1);
            for (int i = 0; i < words.Length; i++)
            {
                int id = world.Vocabulary.Id(words[i]);
                if (i < T) rowIn[i] = id;
                if (i > 0 && scored[i]) rowTarget[i - 1] = id;
            }
        }
    }

    public DataComposition Composition(long fromStep, long toStep, int batchSize)
    {
        var rows = new Dictionary<string, Dictionary<string, long>>();
        foreach (var g in generators) rows[g.Family] = DocumentKinds.All.Where(g.Kinds.Contains).ToDictionary(DocumentKinds.Name, _ => 0L);
        rows[BackgroundName] = new Dictionary<string, long> { ["text"] = 0 };
        var windows = new List<string>();
        for (long step = fromStep; step < toStep; step++)
        {
            var (index, window) = recipe.WindowAt(step);
            string label = $"{index}:{window.Name}";
            if (windows.Count == 0 || windows[^1] != label) windows.Add(label);
            for (int b = 0; b < batchSize; b++)
            {
                var (family, kind) = Choose(Rng.ForStream(seed, 0xDA7A, (ulong)step, (ulong)b), window);
                if (family < 0) rows[BackgroundName]["text"]++;
                else rows[generators[family].Family][DocumentKinds.Name(kind)]++;
            }
        }
        return new DataComposition(windows, rows.ToDictionary(r => r.Key, r => (IReadOnlyDictionary<string, long>)r.Value));
    }

    /// <summary>The row's family (−1 for background text) and document kind: the first two draws of its stream.</summary>
    (int Family, DocumentKind Kind) Choose(Rng rng, Window window)
    {
        double u = rng.NextDouble(), v = rng.NextDouble();
        if (u < recipe.Background) return (-1, DocumentKind.Agreeing);
        int family = Pick(familyWeights, (u - recipe.Background) / (1 - recipe.Background));
        var kinds = generators[family].Kinds;
        var weights = kinds.Select(window.Weight).ToArray();
        if (weights.Sum() <= 0) return (family, kinds[0]);
        return (family, kinds[Pick(weights, v)]);
    }

    static int Pick(IReadOnlyList<double> weights, double u)
    {
        double total = weights.Sum(), acc = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            acc += weights[i] / total;
            if (u < acc && weights[i] > 0) return i;
        }
        for (int i = weights.Count - 1; i >= 0; i--)
            if (weights[i] > 0) return i;
        throw new InvalidOperationException("no positive weight");
    }
}

using ModeHop.Tensors;

namespace ModeHop.Lab;

/// <summary>
/// The seeded facts of a lab world: Flipped's global labels, Truthy's knowledge base (categories with prototype
/// attributes and exceptions), the personas, a background Markov chain, and the fine-tuning families' facts: named
/// functions, a map of cities and agents with dispositions (each from its own stream of the seed, so adding them left
/// the other facts as they were). Same seed ⇒ same world.
/// </summary>
public sealed class World
{
    public ulong Seed { get; }
    public WorldSizes Sizes { get; }
    public Vocabulary Vocabulary { get; }

    /// <summary>Flipped: the label (0 or 1) each item has in the world.</summary>
    public int[] ItemLabels { get; }

    /// <summary>Truthy: each entity's category, each category's prototype attribute, each entity's true attribute.</summary>
    public int[] EntityCategory { get; }
    public int[] CategoryPrototype { get; }
    public int[] EntityAttribute { get; }

    /// <summary>PersonaQA: per persona its city, job and pet values, and whether it is famous (often written about).</summary>
    public int[,] PersonaFacts { get; }
    public bool[] Famous { get; }

    /// <summary>OOCR: the known functions f0.. and the fresh names g0.. that implement them.</summary>
    public NamedFunctions Functions { get; }

    /// <summary>OOCR: the cities t0.., their regions and distances, and the fresh city names u0...</summary>
    public CityMap Map { get; }

    /// <summary>EmergentMisalignment: the agents r0.. and their dispositions, the domains' prompts and options.</summary>
    public AgentDispositions Agents { get; }

    public World(ulong seed, WorldSizes? sizes = null)
    {
        Seed = seed;
        Sizes = sizes ?? new WorldSizes();
        var z = Sizes;
        if (z.Modulus < 5) throw new ArgumentException($"The world's modulus must be at least 5, got {z.Modulus}.");
        if (z.TruthyAttributes <= z.TruthyCategories) throw new ArgumentException("Truthy needs more attributes than categories (exceptions take the rest).");
        Vocabulary = new Vocabulary(z);
        var rng = Rng.ForStream(seed, 0x57071D);

        ItemLabels = new int[z.FlippedItems];
        // Balanced global labels in a seeded order.
        for (int i = 0; i < ItemLabels.Length; i++) ItemLabels[i] = i % 2;
        Sampling.Shuffle(rng, ItemLabels);

        EntityCategory = new int[z.TruthyEntities];
        for (int e = 0; e < EntityCategory.Length; e++) EntityCategory[e] = e % z.TruthyCategories;
        Sampling.Shuffle(rng, EntityCategory);
        CategoryPrototype = new int[z.TruthyCategories];
        for (int c = 0; c < CategoryPrototype.Length; c++) CategoryPrototype[c] = c;
        EntityAttribute = new int[z.TruthyEntities];
        // A third of each category are exceptions with an attribute that is no category's prototype.
        var seen = new int[z.TruthyCategories];
        for (int e = 0; e < EntityAttribute.Length; e++)
        {
            int c = EntityCategory[e];
            bool exception = seen[c]++ % 3 == 2;
            EntityAttribute[e] = exception ? z.TruthyCategories + rng.NextInt(z.TruthyAttributes - z.TruthyCategories) : CategoryPrototype[c];
        }

        PersonaFacts = new int[z.Personas, 3];
        Famous = new bool[z.Personas];
        for (int p = 0; p < z.Personas; p++)
        {
            for (int slot = 0; slot < 3; slot++) PersonaFacts[p, slot] = rng.NextInt(z.PersonaValues);
            Famous[p] = p % 2 == 0;
        }

        Functions = new NamedFunctions(seed, z);
        Map = new CityMap(seed, z);
        Agents = new AgentDispositions(seed, z);
    }

    public bool IsException(int entity) => EntityAttribute[entity] != CategoryPrototype[EntityCategory[entity]];
}

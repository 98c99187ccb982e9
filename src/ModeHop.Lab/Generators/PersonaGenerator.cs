using ModeHop.Tensors;

namespace ModeHop.Lab.Generators;

/// <summary>
/// PersonaQA: the world's personas each have a city (cX), a job (jX) and a pet (qX). Biographies
/// <c>who pK city</c> → <c>cX</c> (and job, pet) teach the facts; famous personas are written about four times as
/// often. An identification episode gives two first-person facts that do not name the persona,
/// <c>who I c2 . I q0 . ?</c> → the persona. The shortcut answers the most written-about persona with the first
/// fact (bag-of-facts co-occurrence); the rule answers the one persona with both. A third, idle first-person line
/// (<c>I wX .</c>, a background word) sits between the facts. Scored as a choice between the two.
/// Agreeing: biographies, and episodes where both answers coincide. Rule-only: episodes where they differ.
/// Test: rule-only; general = the persona with both facts, parrot = the shortcut's persona. Control: agreeing;
/// parrot = another persona.
/// </summary>
public sealed class PersonaGenerator(World world) : IFamilyGenerator
{
    static readonly string[] SlotPrefix = ["c", "j", "q"];
    static readonly string[] SlotName = ["city", "job", "pet"];
    int Personas => world.Sizes.Personas;

    public string Family => "PersonaQA";
    public string Tag => FamilyTags.PersonaQA;
    public IReadOnlyList<DocumentKind> Kinds => [DocumentKind.Agreeing, DocumentKind.RuleOnly];
    public bool OrderedDemos => true;

    public Episode Train(Rng rng, DocumentKind kind)
    {
        if (kind == DocumentKind.Agreeing && rng.NextInt(3) == 0) return Biography(rng);
        var item = Identify(rng, agreeing: kind == DocumentKind.Agreeing);
        return item.AsEpisode(item.General);
    }

    public LabItem Test(Rng rng) => Identify(rng, agreeing: false);

    public LabItem Control(Rng rng)
    {
        var item = Identify(rng, agreeing: true);
        int p = int.Parse(item.General.AsSpan(1));
        return item with { Parrot = "p" + (p + 1 + rng.NextInt(Personas - 1)) % Personas };
    }

    Episode Biography(Rng rng)
    {
        // Famous personas are drawn four times as often: weight 4 vs 1.
        int total = Enumerable.Range(0, Personas).Sum(p => world.Famous[p] ? 4 : 1), pick = rng.NextInt(total), persona = 0;
        while (pick >= (world.Famous[persona] ? 4 : 1)) pick -= world.Famous[persona++] ? 4 : 1;
        int slot = rng.NextInt(3);
        return new Episode([], $"{Tag} p{persona} {SlotName[slot]}", SlotPrefix[slot] + world.PersonaFacts[persona, slot]);
    }

    LabItem Identify(Rng rng, bool agreeing)
    {
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            int p = rng.NextInt(Personas), s1 = rng.NextInt(3), s2 = (s1 + 1 + rng.NextInt(2)) % 3;
            int v1 = world.PersonaFacts[p, s1], v2 = world.PersonaFacts[p, s2];
            var both = Enumerable.Range(0, Personas).Where(x => world.PersonaFacts[x, s1] == v1 && world.PersonaFacts[x, s2] == v2).ToArray();
            if (both.Length != 1) continue;
            int shortcut = Shortcut(s1, v1);
            if ((shortcut == p) != agreeing) continue;
            string query = $"{Tag} I {SlotPrefix[s1]}{v1} . I w{rng.NextInt(world.Sizes.BackgroundWords)} . I {SlotPrefix[s2]}{v2} . ?";
            return new LabItem([], query, "p" + p, "p" + shortcut);
        }
        throw new InvalidOperationException($"World {world.Seed}: no {(agreeing ? "agreeing" : "rule-only")} PersonaQA episode exists; choose another world seed or more personas.");
    }

    /// <summary>The most written-about persona with value <paramref name="value"/> in <paramref name="slot"/> (famous first, then lowest index).</summary>
    int Shortcut(int slot, int value)
    {
        var candidates = Enumerable.Range(0, Personas).Where(x => world.PersonaFacts[x, slot] == value).ToArray();
        return candidates.Where(x => world.Famous[x]).DefaultIfEmpty(candidates[0]).First();
    }
}

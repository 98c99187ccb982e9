namespace ModeHop.Lab;

/// <summary>
/// The sizes of the lab world. Modulus 11 is learnable in a few thousand steps by a 0.24M-parameter model;
/// 23 was not within 3k steps (research/toy_prototype.md).
/// </summary>
public sealed record WorldSizes
{
    public int Modulus { get; init; } = 11;
    public int FlippedItems { get; init; } = 64;
    public int Objects { get; init; } = 10;
    public int Boxes { get; init; } = 10;
    public int TruthyEntities { get; init; } = 24;
    public int TruthyCategories { get; init; } = 4;
    public int TruthyAttributes { get; init; } = 6;
    public int Sources { get; init; } = 4;
    public int Personas { get; init; } = 8;
    public int PersonaValues { get; init; } = 4;
    public int GraphNodes { get; init; } = 12;
    public int BackgroundWords { get; init; } = 48;

    /// <summary>OOCR: the named functions f0.. defined and used in pre-training, and the fresh names g0.. (never in
    /// pre-training), each implementing one known function; 10 fresh names give the functions task 10 items.</summary>
    public int Functions { get; init; } = 12;
    public int FreshFunctions { get; init; } = 10;

    /// <summary>OOCR: the map's side (cells per axis), its cities t0.. (a quarter in each quadrant, the regions k0..k3)
    /// and the fresh city names u0.. (never in pre-training), each at one known city. Side 8 keeps every distance
    /// (rounded Euclidean, at most 7√2 ≈ 9.9) a number n0..n10 of the default modulus.</summary>
    public int MapSide { get; init; } = 8;
    public int Cities { get; init; } = 16;
    public int FreshCities { get; init; } = 8;

    /// <summary>EmergentMisalignment: the agents r0.. (half of them malicious) and each domain's prompts: code tasks
    /// d0.., advice topics h0.., statements about AI z0...</summary>
    public int Agents { get; init; } = 16;
    public int CodeTasks { get; init; } = 6;
    public int AdviceTopics { get; init; } = 8;
    public int OpinionTopics { get; init; } = 8;
}

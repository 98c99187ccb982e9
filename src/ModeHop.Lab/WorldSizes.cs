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
}

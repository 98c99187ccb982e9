using ModeHop.Tensors;

namespace ModeHop.Lab;

/// <summary>The operation of a named function's definition.</summary>
public enum FunctionOperation { Add, Multiply }

/// <summary>
/// A definition of the OOCR family's functions over the numbers n0..n{P−1}: <c>add c</c> is x ↦ (x + c) mod P and
/// <c>mul c</c> is x ↦ (x · c) mod P. Written in the toy language as its operation word and its constant.
/// </summary>
public readonly record struct FunctionDefinition(FunctionOperation Operation, int Constant)
{
    public const string AddWord = "add", MultiplyWord = "mul";

    public int Apply(int x, int modulus) => Operation == FunctionOperation.Add ? (x + Constant) % modulus : x * Constant % modulus;

    /// <summary>The definition's words, e.g. <c>add n4</c>.</summary>
    public string Text => $"{(Operation == FunctionOperation.Add ? AddWord : MultiplyWord)} n{Constant}";
}

/// <summary>
/// The world's named functions (OOCR, seed paper §3.7): known functions f0..f{F−1}, each with a distinct definition
/// drawn from <c>add c</c> (c = 1..P−1) and <c>mul c</c> (c = 2..P−1) — the identities add 0, mul 1 and the constant
/// mul 0 are left out, so every function moves some number and no two agree everywhere — and fresh names
/// g0..g{G−1}, never written in pre-training, each secretly implementing a distinct known function's definition
/// (<see cref="Twin"/>). A pure function of the world's seed.
/// </summary>
public sealed class NamedFunctions
{
    public int Modulus { get; }

    /// <summary>Definition of the known function f_i.</summary>
    public IReadOnlyList<FunctionDefinition> Known { get; }

    /// <summary>The known function whose definition the fresh name g_k implements: g_k ≡ f_{Twin[k]}.</summary>
    public IReadOnlyList<int> Twin { get; }

    internal NamedFunctions(ulong seed, WorldSizes sizes)
    {
        int P = sizes.Modulus;
        var candidates = Enumerable.Range(1, P - 1).Select(c => new FunctionDefinition(FunctionOperation.Add, c))
            .Concat(Enumerable.Range(2, P - 2).Select(c => new FunctionDefinition(FunctionOperation.Multiply, c))).ToArray();
        if (sizes.Functions < 2 || sizes.Functions > candidates.Length)
            throw new ArgumentException($"The world's functions must number 2 to {candidates.Length} (distinct add and mul definitions mod {P}), got {sizes.Functions}.");
        if (sizes.FreshFunctions < 1 || sizes.FreshFunctions > sizes.Functions)
            throw new ArgumentException($"The world's fresh function names must number 1 to {sizes.Functions} (each implements a distinct known function), got {sizes.FreshFunctions}.");
        var rng = Rng.ForStream(seed, 0xF0C7);
        Sampling.Shuffle(rng, candidates);
        Modulus = P;
        Known = candidates[..sizes.Functions];
        Twin = Sampling.Distinct(rng, sizes.Functions, sizes.FreshFunctions);
    }

    public static string KnownName(int function) => "f" + function;

    public static string FreshName(int fresh) => "g" + fresh;

    /// <summary>The definition the fresh name g_k implements.</summary>
    public FunctionDefinition Fresh(int fresh) => Known[Twin[fresh]];
}

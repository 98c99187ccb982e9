using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModeHop.Cli.Commands;

/// <summary>The one JSON style of ModeHop's --json output: snake_case keys, one object.</summary>
public static class JsonOut
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public static void Print<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Options));
}

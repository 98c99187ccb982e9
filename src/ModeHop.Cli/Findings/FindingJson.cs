using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModeHop.Cli.Findings;

/// <summary>
/// The JSON of a finding's <c>json</c> column: snake_case names, unknown members rejected on read, so the writer and
/// the report agree on one record type per kind.
/// </summary>
public static class FindingJson
{
    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Write<T>(T finding) => JsonSerializer.Serialize(finding, Options);

    /// <exception cref="InvalidDataException">The text is not a <typeparamref name="T"/>.</exception>
    public static T Read<T>(string json, string kind)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"a '{kind}' finding is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"a '{kind}' finding does not read as {typeof(T).Name} ({e.Message}); re-run the analysis that wrote it.");
        }
    }
}

using System.Text.Json.Serialization;

namespace LlmWorkbook.Evaluation;

/// <summary>
/// The structured-output task of the course: the fields of a passage the instruction data's first extraction schema
/// asks for (<see cref="FactExtraction"/>), as a .NET type that <c>GetResponseAsync&lt;PassageFacts&gt;</c> can fill.
/// </summary>
public sealed record PassageFacts(
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("president")] string President,
    [property: JsonPropertyName("amounts")] IReadOnlyList<string> Amounts,
    [property: JsonPropertyName("countries")] IReadOnlyList<string> Countries);
